package dev.nixboot.engine.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Whether and why a run was told to stop: by the user (Ctrl-C, an interrupted caller) or by a failure under
 * {@code --fail-fast}. The first reason counts. What must react at once (a step waiting for an answer, running
 * attempts) registers with {@link #onStop}; what waits (the pause between attempts) waits on it. Exists from the
 * runner's construction, so a cancel that comes before the run has started still counts.
 */
final class RunStop {
    private final Duration grace;
    private final CountDownLatch requested = new CountDownLatch(1);
    private final List<Consumer<String>> reactions = new ArrayList<>();
    private volatile String reason;
    private volatile boolean byUser;
    private volatile long deadline;

    /** @param grace how long stopped steps get to end before the run stops waiting for them */
    RunStop(Duration grace) {
        this.grace = grace;
    }

    /** Ctrl-C: the run ends with exit code 130. */
    void cancelByUser() {
        byUser = true;
        stop("cancelled by the user");
    }

    void stop(String why) {
        List<Consumer<String>> now;
        synchronized (this) {
            if (reason != null) {
                return;
            }
            deadline = System.nanoTime() + grace.toNanos();
            reason = why;
            now = List.copyOf(reactions);
        }
        requested.countDown();
        now.forEach(reaction -> reaction.accept(why));
    }

    /** Calls {@code reaction} with the reason when the run stops; at once when it has stopped already. */
    void onStop(Consumer<String> reaction) {
        String already;
        synchronized (this) {
            already = reason;
            if (already == null) {
                reactions.add(reaction);
                return;
            }
        }
        reaction.accept(already);
    }

    boolean stopped() {
        return reason != null;
    }

    /** Why the run stopped, or null while it goes on. */
    String reason() {
        return reason;
    }

    boolean byUser() {
        return byUser;
    }

    Duration grace() {
        return grace;
    }

    /** Whether the grace period of a stop has run out: steps still running are then given up on. */
    boolean graceOver() {
        return reason != null && System.nanoTime() - deadline > 0;
    }

    /** Waits up to {@code delay}; true when the run was stopped meanwhile (or the wait was interrupted). */
    boolean awaitStop(Duration delay) {
        try {
            return requested.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return true;
        }
    }
}
