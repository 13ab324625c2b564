package dev.nixboot.engine.spi;

/** The outputs of a step that returns none: it implements {@code Step<P, NoOutputs>} and returns {@link #NONE}. */
public record NoOutputs() {
    public static final NoOutputs NONE = new NoOutputs();
}
