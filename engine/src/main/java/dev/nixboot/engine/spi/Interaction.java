package dev.nixboot.engine.spi;

/** Questions for the person running nixboot. */
public interface Interaction {

    /**
     * Asks a yes/no question. Returns true at once under {@code --yes}. Throws {@link StepFailure} when there is no
     * terminal to ask on and no {@code --yes}, rather than waiting for input that cannot come.
     */
    boolean confirm(String question) throws StepFailure;

    /**
     * Reads a line. A secret answer is read without echo and registered for masking. Returns the default on an empty
     * answer; under {@code --yes} with a default, returns the default without asking. Throws {@link StepFailure} when
     * there is no terminal and no default.
     */
    String ask(String question, boolean secret, String defaultValue) throws StepFailure;
}
