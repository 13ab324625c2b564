package dev.nixboot.cli.invocation;

import dev.nixboot.engine.api.PlaybookEngine;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Connects Ctrl-C (and SIGTERM, SIGHUP) to the run in progress. The JVM runs shutdown hooks on each of them; the hook
 * cancels the run and waits until the run has saved its state and printed its summary, or the JVM would die with the
 * steps half done and nothing recorded.
 */
public final class Cancellation {
    private PlaybookEngine engine;
    private CountDownLatch finished;

    public synchronized void started(PlaybookEngine running) {
        engine = running;
        finished = new CountDownLatch(1);
    }

    public synchronized void finished() {
        if (finished != null) {
            finished.countDown();
        }
        engine = null;
    }

    /**
     * Called from the shutdown hook. Does nothing when no run is in progress.
     *
     * @return whether a run was stopped and has ended, state saved and summary printed
     */
    public boolean cancelAndWait(Duration limit) {
        PlaybookEngine running;
        CountDownLatch done;
        synchronized (this) {
            running = engine;
            done = finished;
        }
        if (running == null) {
            return false;
        }
        running.cancel();
        try {
            return done.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
