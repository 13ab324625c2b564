package dev.nixboot.engine.validate;

import static java.util.Objects.requireNonNull;

import dev.nixboot.engine.load.Scalar;

/**
 * A step's {@code when:}: true, false, or a {@code ${{ }}} expression that gives one of them when the step is due.
 * Kept as the scalar written, so the expression is resolved and reported at its own place.
 */
public record Condition(Scalar scalar) {
    public Condition {
        requireNonNull(scalar, "scalar");
    }

    /** The condition written, refused unless it is a boolean or holds an expression. */
    static Condition of(Scalar scalar) throws ConversionException {
        String text = scalar.text();
        // Expressions are checked with the others once the names they use are known (compile/).
        if (!text.contains("${{")) {
            try {
                Scalars.toBoolean(text);
            } catch (ConversionException e) {
                throw Scalars.isYaml11Boolean(text)
                        ? e
                        : new ConversionException(
                                "must be true, false or an expression such as ${{ " + text + " }}, not '" + text + "'");
            }
        }
        return new Condition(scalar);
    }
}
