package dev.nixboot.engine.run;

import dev.nixboot.engine.api.StepStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * A step that ended without outputs in this run, and why: a step that reads one of its outputs cannot be bound, and
 * its failure says which step was left out and why, instead of only that an output is missing.
 *
 * @param reason the left-out step's own reason (its summary line): "not in --only", "'keyscan' failed"
 */
record LeftOut(String stepId, StepStatus status, String reason) {
    LeftOut {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(status, "status");
    }

    /** The step's absence, when it ended in a way that leaves its outputs out; a cancelled run says enough itself. */
    static Optional<LeftOut> of(String stepId, Outcome outcome) {
        if (outcome.outputs() != null) {
            return Optional.empty();
        }
        return switch (outcome.status()) {
            case NOT_SELECTED, SKIPPED_CONDITION, SKIPPED_DEPENDENCY, FAILED ->
                Optional.of(new LeftOut(stepId, outcome.status(), outcome.error()));
            default -> Optional.empty();
        };
    }

    /** "'keyscan' did not run: not in --only", added to the failure of the step that needed its outputs. */
    String explanation() {
        String why =
                switch (status) {
                    case NOT_SELECTED -> "did not run: ";
                    case FAILED -> "failed: ";
                    default -> "was skipped: ";
                };
        return "'" + stepId + "' " + why + reason;
    }
}
