package dev.nixboot.engine.run;

import dev.nixboot.engine.api.Progress;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps a failing listener from breaking the run: an exception thrown from a display callback on a worker thread
 * would otherwise leave the step unfinished and the run waiting forever. The first such failure is reported once,
 * when the run ends.
 */
final class GuardedListener implements RunListener {
    private final RunListener delegate;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    GuardedListener(RunListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void runStarted(String playbookName, int stepCount) {
        guard(() -> delegate.runStarted(playbookName, stepCount));
    }

    @Override
    public void stepStarted(String stepId, String type, int attempt) {
        guard(() -> delegate.stepStarted(stepId, type, attempt));
    }

    @Override
    public void output(String stepId, Stream stream, String line) {
        guard(() -> delegate.output(stepId, stream, line));
    }

    @Override
    public void progress(String stepId, Progress progress) {
        guard(() -> delegate.progress(stepId, progress));
    }

    @Override
    public void stepFinished(
            String stepId, StepStatus status, Duration duration, Map<String, Object> outputs, String error) {
        guard(() -> delegate.stepFinished(stepId, status, duration, outputs, error));
    }

    @Override
    public void runFinished(RunSummary summary) {
        RuntimeException first = failure.get();
        if (first != null) {
            guard(() -> delegate.notice(
                    "the run display failed: " + first.getClass().getName() + ": " + first.getMessage()));
        }
        guard(() -> delegate.runFinished(summary));
    }

    @Override
    public void notice(String message) {
        guard(() -> delegate.notice(message));
    }

    private void guard(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }
}
