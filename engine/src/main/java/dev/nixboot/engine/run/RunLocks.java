package dev.nixboot.engine.run;

import dev.nixboot.engine.api.NamedLocks;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One run's share of the {@link NamedLocks}: the run takes a lock when its first step naming it is about to run and
 * gives it back when the last of its steps naming it has ended (however it ended), so that a sequence such as
 * add key, re-encrypt, commit, push runs whole before another host's run starts its own.
 */
final class RunLocks {
    private final NamedLocks shared;
    private final String runName;
    /** Steps of this run naming each lock that have not ended yet. */
    private final Map<String, AtomicInteger> pending = new ConcurrentHashMap<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    RunLocks(NamedLocks shared, String runName) {
        this.shared = shared;
        this.runName = runName;
    }

    /** Counts a step of the run that names {@code name}; called for every step before the run starts. */
    void expect(String name) {
        pending.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
    }

    /** Holds {@code name} for this run, waiting for other runs; false when {@code stopped} first. */
    boolean acquire(String name, BooleanSupplier stopped, Consumer<String> waiting) throws InterruptedException {
        // Two steps of this run may reach the lock at once: the second waits for the first's answer, not the lock.
        synchronized (pending.get(name)) {
            if (held.contains(name)) {
                return true;
            }
            if (!shared.acquire(name, runName, stopped, waiting)) {
                return false;
            }
            held.add(name);
            return true;
        }
    }

    /** A step naming {@code name} ended; the last one gives the lock back. */
    void stepEnded(String name) {
        AtomicInteger count = pending.get(name);
        synchronized (count) {
            if (count.decrementAndGet() == 0 && held.remove(name)) {
                shared.release(name);
            }
        }
    }

    /** At the end of the run, whatever happened: nothing stays held. */
    void releaseAll() {
        for (String name : Set.copyOf(held)) {
            if (held.remove(name)) {
                shared.release(name);
            }
        }
    }
}
