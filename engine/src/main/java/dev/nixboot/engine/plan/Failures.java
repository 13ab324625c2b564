package dev.nixboot.engine.plan;

import dev.nixboot.engine.compile.CompiledStep;

/** How failures read to the user. */
public final class Failures {
    private Failures() {}

    /**
     * An exception other than {@code StepFailure} is a bug in the step, so the message names the step id, its type
     * and the class to report it against, besides what was thrown.
     */
    public static String bug(CompiledStep step, Throwable thrown) {
        String detail = thrown.getMessage() == null ? "" : ": " + thrown.getMessage();
        return "step '" + step.id() + "' (type " + step.type() + ", class "
                + step.step().getClass().getName() + ") failed with "
                + thrown.getClass().getName() + detail + " - this is a bug in the step";
    }
}
