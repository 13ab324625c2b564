package dev.nixboot.engine.api;

import java.time.Duration;
import java.util.Map;

/**
 * Events of a run, for the human display and the JSON event stream. Called from worker threads; implementations are
 * thread-safe. Every text passed here is already masked.
 */
public interface RunListener {
    enum Stream {
        STDOUT,
        STDERR,
        INFO
    }

    default void runStarted(String playbookName, int stepCount) {}

    default void stepStarted(String stepId, String type, int attempt) {}

    default void output(String stepId, Stream stream, String line) {}

    /** How far a step's long piece of work has come: a few reports a second at most, and always the last. */
    default void progress(String stepId, Progress progress) {}

    /**
     * @param outputs the step's non-secret outputs
     * @param error the failure message for FAILED, the reason for skips; null otherwise
     */
    default void stepFinished(
            String stepId, StepStatus status, Duration duration, Map<String, Object> outputs, String error) {}

    default void runFinished(RunSummary summary) {}

    /**
     * A note about the run as a whole rather than one step: resuming a playbook that changed since, a state file
     * that cannot be written, a shared resource that failed to close.
     */
    default void notice(String message) {}
}
