package dev.nixboot.steps.ssh.client;

import dev.nixboot.engine.spi.DurationText;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the opening of a connection — TCP connect or tunnel, the server's banner, key exchange, authentication — under
 * one deadline, on a thread of its own. A peer that accepts TCP and never speaks would otherwise block a read that
 * neither SSHJ's timeouts nor an interrupt end; here the step's thread only waits, so it gives up on time and at
 * once when cancelled, and the abort action (closing the socket, the tunnel or the proxy command) ends the blocked
 * read. A connection that completes after it was given up is closed, never leaked.
 *
 * <p>The clock stops while a passphrase is being asked for: the user's typing is not the peer's silence.
 */
final class Handshake {
    private Handshake() {}

    /** The opening itself; it reports where it is, so a timeout can say what the peer did not do. */
    interface Body<T> {
        T run(Progress progress) throws Exception;
    }

    /** What the opening is doing now, and how long it spent waiting for the user. */
    static final class Progress {
        private volatile String phase;
        private volatile long pausedSince;
        private volatile long pausedNanos;

        Progress(String phase) {
            this.phase = phase;
        }

        void phase(String now) {
            phase = now;
        }

        String phase() {
            return phase;
        }

        /** Runs a question to the user with the clock stopped. */
        <T> T untimed(Supplier<T> question) {
            pausedSince = System.nanoTime();
            try {
                return question.get();
            } finally {
                pausedNanos += System.nanoTime() - pausedSince;
                pausedSince = 0;
            }
        }

        boolean paused() {
            return pausedSince != 0;
        }

        long pausedNanos() {
            return pausedNanos;
        }
    }

    /** The opening was given up: it took too long, or the step was cancelled. No retry changes that. */
    static class Abandoned extends StepFailure {
        private static final long serialVersionUID = 1L;
        private final String phase;

        Abandoned(String message, String phase) {
            super(message);
            this.phase = phase;
        }

        /** What the opening was doing when it was given up. */
        String phase() {
            return phase;
        }
    }

    /** The step was cancelled while the connection was being opened. */
    static final class Cancelled extends Abandoned {
        private static final long serialVersionUID = 1L;

        Cancelled(String message) {
            super(message, null);
        }
    }

    /**
     * Runs the body and returns what it made.
     *
     * @param what for messages: {@code root@10.0.0.5:22}
     * @param timeout how long the whole opening may take
     * @param context the step's context, whose cancellation aborts the opening; null for none (the thread's interrupt
     *     still does)
     * @param abort ends whatever the body is blocked on; may be run from any thread, more than once
     * @param discard closes a result that arrives after the opening was given up
     * @throws StepFailure the body's own failure, or an {@link Abandoned} one
     */
    static <T> T run(
            String what, Duration timeout, StepContext context, Runnable abort, Body<T> body, Consumer<T> discard)
            throws StepFailure {
        Progress progress = new Progress("connecting to " + what);
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        result.complete(body.run(progress));
                    } catch (Throwable e) {
                        result.completeExceptionally(e);
                    }
                },
                "nixboot-ssh-handshake " + what);
        thread.setDaemon(true);
        AutoCloseable onCancel = context == null ? () -> {} : context.onCancel(() -> background(abort));
        thread.start();
        long started = System.nanoTime();
        try {
            while (true) {
                long left = started + timeout.toNanos() + progress.pausedNanos() - System.nanoTime();
                try {
                    return result.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (progress.paused() || started + timeout.toNanos() + progress.pausedNanos() > System.nanoTime()) {
                        continue;
                    }
                    giveUp(result, abort, discard);
                    throw new Abandoned(
                            "no SSH connection to " + what + " within " + DurationText.format(timeout) + " ("
                                    + progress.phase() + "); the connect timeout covers the whole handshake",
                            progress.phase());
                }
            }
        } catch (InterruptedException e) {
            giveUp(result, abort, discard);
            Thread.currentThread().interrupt();
            throw new Cancelled("cancelled while " + progress.phase());
        } catch (ExecutionException e) {
            if (context != null && context.isCancelled()) {
                throw new Cancelled("cancelled while " + progress.phase());
            }
            Throwable cause = e.getCause();
            if (cause instanceof StepFailure failure) {
                throw failure;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new StepFailure("cannot connect to " + what + ": " + SshConnection.describe(cause), cause);
        } finally {
            try {
                onCancel.close();
            } catch (Exception ignored) {
                // unregistering a cancel action cannot fail in a way that matters here
            }
        }
    }

    /** Aborts the opening and makes sure a connection that still completes is closed. */
    private static <T> void giveUp(CompletableFuture<T> result, Runnable abort, Consumer<T> discard) {
        result.thenAccept(discard);
        background(abort);
    }

    /** Closing a tunnel waits for the jump host's answer: never on the thread that must return promptly. */
    private static void background(Runnable abort) {
        Thread thread = new Thread(abort, "nixboot-ssh-abort");
        thread.setDaemon(true);
        thread.start();
    }
}
