package dev.nixboot.engine.api;

import java.time.Duration;
import java.util.List;

/** The end of a run: each selected step's status in execution order, and the exit code it implies (0, 1 or 130). */
public record RunSummary(List<StepResult> steps, Duration duration, int exitCode) {
    public RunSummary {
        steps = List.copyOf(steps);
    }

    public record StepResult(String id, String type, StepStatus status, Duration duration, String error) {}
}
