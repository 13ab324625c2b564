package dev.nixboot.engine.load;

import static java.util.Objects.requireNonNull;

import dev.nixboot.engine.api.SourceLocation;

/**
 * A scalar exactly as written, with the type a YAML 1.1 reader would give it. Binding looks at the text, never at the
 * YAML 1.1 guess, so {@code no} or {@code 0755} stay strings where a string is wanted.
 *
 * @param text the scalar's text ({@code ""} for an empty value)
 * @param kind what YAML would read it as
 * @param location where it starts
 */
public record Scalar(String text, Kind kind, SourceLocation location) implements Value {

    public enum Kind {
        /** Quoted, block, or plain text that is no other kind. */
        STRING,
        INT,
        FLOAT,
        BOOL,
        /** {@code ~}, {@code null} or nothing. */
        NULL,
        /** A value that cannot be known before the run, such as a step output during a dry run. */
        UNKNOWN,
        /** Not known before the run, but certainly a single value: a text output, or text around any template. */
        UNKNOWN_SINGLE,
        /** Not known before the run, but certainly a list: an output declared as one. */
        UNKNOWN_LIST
    }

    public Scalar {
        requireNonNull(text, "text");
        requireNonNull(kind, "kind");
    }

    public static Scalar string(String text, SourceLocation location) {
        return new Scalar(text, Kind.STRING, location);
    }

    public boolean isNull() {
        return kind == Kind.NULL;
    }

    /** Whether the value is not known before the run. */
    public boolean isUnknown() {
        return kind == Kind.UNKNOWN || kind == Kind.UNKNOWN_SINGLE || kind == Kind.UNKNOWN_LIST;
    }

    @Override
    public String describe() {
        return switch (kind) {
            case NULL -> "empty";
            case UNKNOWN, UNKNOWN_SINGLE, UNKNOWN_LIST -> "not known before the run";
            default -> "'" + text + "'";
        };
    }
}
