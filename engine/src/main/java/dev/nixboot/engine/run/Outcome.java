package dev.nixboot.engine.run;

import dev.nixboot.engine.api.StepStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How one step ended.
 *
 * @param error why it did not succeed, for the summary and the step's event; null when it succeeded
 * @param outputs what later steps may read of it: its own outputs, or those a saved run lent it; null when it has
 *     none in this run
 */
record Outcome(StepStatus status, String error, Map<String, Object> outputs, Duration duration) {
    Outcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(duration, "duration");
    }

    static Outcome of(StepStatus status, String error) {
        return new Outcome(status, error, null, Duration.ZERO);
    }

    static Outcome failed(String error) {
        return of(StepStatus.FAILED, error);
    }

    /** Stopped while it ran, or given up on. */
    static Outcome cancelled(String reason) {
        return of(StepStatus.CANCELLED, reason);
    }

    /** The run stopped before the step started. */
    static Outcome notStarted(String stopReason) {
        return cancelled("not started: " + stopReason);
    }

    Outcome took(Duration took) {
        return new Outcome(status, error, outputs, took);
    }
}
