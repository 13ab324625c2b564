package dev.nixboot.engine.state;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Keeps the state file up to date while steps complete. Each completion asks for a write; writes happen on one
 * background thread, coalesce, and start at most every 50 ms, so a burst of fast steps costs a few
 * writes instead of one per step (one per step would make a 10,000-step run quadratic). A step that takes seconds
 * is on disk within that interval of ending; {@link #close()} writes the final state before the run returns.
 */
public final class StateRecorder implements AutoCloseable {
    private static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final StateStore store;
    private final String playbook;
    private final String fingerprint;
    private final Map<String, Object> variables;
    private final List<String> order;
    private final Consumer<String> warn;
    private final Map<String, Map<String, Object>> completed = new ConcurrentHashMap<>();
    private final Map<String, List<String>> withheld = new ConcurrentHashMap<>();
    private final AtomicBoolean writeQueued = new AtomicBoolean();
    private final AtomicBoolean warned = new AtomicBoolean();
    private volatile long lastWrite = System.nanoTime() - MIN_INTERVAL_NANOS;
    private final ScheduledThreadPoolExecutor writer = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "nixboot-state");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param order step ids in execution order, so the file reads top to bottom
     * @param warn where a failed write is reported (once): the run goes on, only resuming is lost
     */
    public StateRecorder(
            StateStore store,
            String playbook,
            String fingerprint,
            Map<String, Object> variables,
            List<String> order,
            Consumer<String> warn) {
        this.store = store;
        this.playbook = playbook;
        this.fingerprint = fingerprint;
        this.variables = Map.copyOf(variables);
        this.order = List.copyOf(order);
        this.warn = warn;
        // At once, not with the first write: a first step that reads git status must already see the directory's
        // .gitignore, and writes come up to 50 ms after a step ends.
        try {
            store.createDirectory();
        } catch (IOException | RuntimeException e) {
            warnOnce(e);
        }
    }

    /** Records a completed step with outputs that are safe to keep on disk. */
    public void completed(String stepId, Map<String, Object> outputs) {
        completed(stepId, outputs, List.of());
    }

    /**
     * Records a completed step with outputs that are safe to keep on disk, and the names of those left out because
     * they held a secret: a later step that needs one of them runs this step again.
     */
    public void completed(String stepId, Map<String, Object> outputs, List<String> secret) {
        if (secret.isEmpty()) {
            withheld.remove(stepId);
        } else {
            withheld.put(stepId, List.copyOf(secret));
        }
        completed.put(stepId, outputs);
        if (writeQueued.compareAndSet(false, true)) {
            long wait = lastWrite + MIN_INTERVAL_NANOS - System.nanoTime();
            try {
                writer.schedule(this::write, Math.max(0, wait), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // Closing: close() writes the final state itself.
            }
        }
    }

    public boolean isCompleted(String stepId) {
        return completed.containsKey(stepId);
    }

    @Override
    public void close() {
        writer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        writer.shutdown();
        try {
            if (!writer.awaitTermination(30, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        write();
    }

    private synchronized void write() {
        writeQueued.set(false);
        lastWrite = System.nanoTime();
        Map<String, Map<String, Object>> snapshot = new LinkedHashMap<>();
        Map<String, List<String>> secret = new LinkedHashMap<>();
        for (String id : order) {
            Map<String, Object> outputs = completed.get(id);
            if (outputs != null) {
                snapshot.put(id, outputs);
                List<String> left = withheld.get(id);
                if (left != null) {
                    secret.put(id, left);
                }
            }
        }
        try {
            store.save(new RunState(
                    RunState.VERSION, playbook, fingerprint, Instant.now().toString(), snapshot, secret, variables));
        } catch (IOException | RuntimeException e) {
            warnOnce(e);
        }
    }

    private void warnOnce(Exception e) {
        if (warned.compareAndSet(false, true)) {
            warn.accept("cannot save run state to " + store.file() + " (" + e.getMessage()
                    + "); --resume will not know this run");
        }
    }
}
