package dev.nixboot.engine.api;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The named locks that steps declare with {@code lock:}, shared by every run handed the same instance (the runs of
 * one command over many hosts), as GitHub Actions' concurrency groups are shared by a repository's workflows. A lock
 * is held by a run, not a thread: the steps of one run that name it run under one hold. Waiters are served in order.
 */
public final class NamedLocks {
    /** How often a waiting run looks whether it was stopped meanwhile. */
    private static final long STOP_CHECK_MILLIS = 50;

    private final Map<String, Semaphore> locks = new ConcurrentHashMap<>();
    private final Map<String, String> holders = new ConcurrentHashMap<>();

    /**
     * Waits until {@code holder} holds {@code name}; false when {@code stopped} became true first (then nothing is
     * held). {@code waiting} is told the current holder once, when the lock is not free at once.
     */
    public boolean acquire(String name, String holder, BooleanSupplier stopped, Consumer<String> waiting)
            throws InterruptedException {
        Semaphore lock = locks.computeIfAbsent(name, n -> new Semaphore(1, true));
        if (!lock.tryAcquire()) {
            waiting.accept(Optional.ofNullable(holders.get(name)).orElse("another run"));
            while (!lock.tryAcquire(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                if (stopped.getAsBoolean()) {
                    return false;
                }
            }
        }
        holders.put(name, holder);
        return true;
    }

    /** Gives {@code name} back; the caller must hold it. */
    public void release(String name) {
        holders.remove(name);
        locks.get(name).release();
    }
}
