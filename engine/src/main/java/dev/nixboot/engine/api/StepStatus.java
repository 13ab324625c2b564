package dev.nixboot.engine.api;

/** How a step ended. */
public enum StepStatus {
    SUCCEEDED,
    FAILED,
    /** Its {@code when:} was false; dependents still run. */
    SKIPPED_CONDITION,
    /** A step it needs failed or was cancelled. */
    SKIPPED_DEPENDENCY,
    /** Left out by {@code --only}, {@code --skip}, {@code --from}, {@code --tags}, or already done (resume). */
    NOT_SELECTED,
    /** Completed in an earlier run; its outputs come from the state file. */
    RESUMED,
    /** Stopped by Ctrl-C, {@code --fail-fast} or a declined confirmation. */
    CANCELLED
}
