package dev.nixboot.engine.spi;

/**
 * An expected failure, reported to the user as its message alone: "exit code 3 (expected 0)", "host key for
 * 10.0.0.5 changed". Anything else a step throws is reported as a bug in the step.
 */
public class StepFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public StepFailure(String message) {
        super(message);
    }

    public StepFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
