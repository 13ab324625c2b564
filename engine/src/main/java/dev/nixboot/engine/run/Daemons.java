package dev.nixboot.engine.run;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The run's worker and timer threads. */
final class Daemons {
    private Daemons() {}

    /** Daemons: a step that ignores every cancel must not keep the JVM alive after the run gave up on it. */
    static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
