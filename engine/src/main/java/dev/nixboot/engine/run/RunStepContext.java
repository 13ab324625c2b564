package dev.nixboot.engine.run;

import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.secrets.MaskedStream;
import dev.nixboot.engine.secrets.SecretMask;
import dev.nixboot.engine.spi.Interaction;
import dev.nixboot.engine.spi.StepConsole;
import dev.nixboot.engine.spi.StepContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The context of one attempt of one step. Created on the worker thread that runs the attempt; {@link #stop} may come
 * from any thread (the timeout timer, a failing step under fail-fast, Ctrl-C) and interrupts that worker only while
 * the attempt is still in progress, so an interrupt never leaks into the next step the worker picks up.
 */
final class RunStepContext implements StepContext {

    /** Why an attempt was stopped. */
    enum Stop {
        TIMEOUT,
        RUN_STOPPED
    }

    private final String stepId;
    private final RunEnvironment environment;
    private final Console console;
    private final List<Runnable> cancelActions = new ArrayList<>();
    private final Thread thread = Thread.currentThread();
    private boolean active = true;
    private volatile Stop stop;

    RunStepContext(String stepId, RunEnvironment environment) {
        this.stepId = stepId;
        this.environment = environment;
        this.console = new Console(stepId, environment.listener(), environment.mask());
    }

    /** Stops the attempt: interrupts its thread and runs its cancel actions. Only the first reason counts. */
    void stop(Stop reason) {
        List<Runnable> actions;
        synchronized (this) {
            if (stop != null) {
                return;
            }
            stop = reason;
            if (!active) {
                return;
            }
            actions = new ArrayList<>(cancelActions);
            cancelActions.clear();
            thread.interrupt();
        }
        actions.forEach(this::runQuietly);
    }

    /** Ends the attempt on its own thread; clears an interrupt that arrived too late to matter. */
    void end() {
        synchronized (this) {
            active = false;
            cancelActions.clear();
        }
        console.flush();
        Thread.interrupted();
    }

    Stop stopped() {
        return stop;
    }

    @Override
    public String stepId() {
        return stepId;
    }

    @Override
    public Path playbookDirectory() {
        return environment.playbookDirectory();
    }

    @Override
    public Path workingDirectory() {
        return environment.workingDirectory();
    }

    @Override
    public Path runDirectory() {
        return environment.runDirectory().path();
    }

    @Override
    public Map<String, String> environment() {
        return environment.variables();
    }

    @Override
    public Path home() {
        return environment.home();
    }

    @Override
    public String mask(String text) {
        return environment.mask().mask(text);
    }

    @Override
    public StepConsole console() {
        return console;
    }

    @Override
    public Interaction interaction() {
        return environment.interaction();
    }

    @Override
    public Path createRunDirectory() {
        return environment.runDirectory().create();
    }

    @Override
    public <T> T shared(Class<T> type, Supplier<? extends T> factory) {
        return environment.shared().get(type, factory);
    }

    @Override
    public void addSecret(String value) {
        environment.mask().add(value);
    }

    @Override
    public AutoCloseable onCancel(Runnable action) {
        synchronized (this) {
            if (stop == null) {
                cancelActions.add(action);
                return () -> {
                    synchronized (this) {
                        cancelActions.remove(action);
                    }
                };
            }
        }
        // Already stopped: the step is about to start something it must not keep, so stop it right away.
        runQuietly(action);
        return () -> {};
    }

    @Override
    public boolean isCancelled() {
        return stop != null;
    }

    private void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            environment
                    .listener()
                    .output(
                            stepId,
                            RunListener.Stream.INFO,
                            mask("a cancel action failed: " + e.getClass().getName() + ": " + e.getMessage()));
        }
    }

    /**
     * Lines and progress of the step, masked, to the listener: each output stream masked as a whole (MaskedStream).
     */
    private static final class Console implements StepConsole {
        private final String stepId;
        private final RunListener listener;
        private final SecretMask mask;
        private final MaskedStream stdout;
        private final MaskedStream stderr;
        private final ProgressReports reports = new ProgressReports();

        Console(String stepId, RunListener listener, SecretMask mask) {
            this.stepId = stepId;
            this.listener = listener;
            this.mask = mask;
            this.stdout = new MaskedStream(mask, line -> listener.output(stepId, RunListener.Stream.STDOUT, line));
            this.stderr = new MaskedStream(mask, line -> listener.output(stepId, RunListener.Stream.STDERR, line));
        }

        @Override
        public void stdout(String line) {
            stdout.accept(line);
        }

        @Override
        public void stderr(String line) {
            stderr.accept(line);
        }

        @Override
        public void info(String message) {
            listener.output(stepId, RunListener.Stream.INFO, mask.mask(message));
        }

        @Override
        public void progress(String activity, long doneBytes, long totalBytes) {
            reports.report(mask.mask(activity), doneBytes, totalBytes)
                    .ifPresent(progress -> listener.progress(stepId, progress));
        }

        void flush() {
            stdout.flush();
            stderr.flush();
        }
    }
}
