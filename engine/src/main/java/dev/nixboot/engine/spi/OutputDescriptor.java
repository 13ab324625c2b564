package dev.nixboot.engine.spi;

import static java.util.Objects.requireNonNull;

/**
 * An output a step returns.
 *
 * @param name how templates refer to it: {@code steps.<id>.outputs.<name>}
 * @param description one line for the docs
 * @param secret whether the value is masked everywhere and kept out of state files
 * @param type what kind of value it is, so a template that puts it where another kind is needed ({@code argv:} a
 *     text) is refused before the run; {@link Type#ANY} when the step does not say
 */
public record OutputDescriptor(String name, String description, boolean secret, Type type) {

    /** The kinds of value an output can be declared as. */
    public enum Type { ANY, TEXT, NUMBER, BOOLEAN, LIST }

    public OutputDescriptor {
        requireNonNull(name, "name");
        requireNonNull(description, "description");
        requireNonNull(type, "type");
    }

    /** An output of any kind. */
    public OutputDescriptor(String name, String description, boolean secret) {
        this(name, description, secret, Type.ANY);
    }

    public static OutputDescriptor of(String name, String description) {
        return new OutputDescriptor(name, description, false);
    }

    public static OutputDescriptor secret(String name, String description) {
        return new OutputDescriptor(name, description, true);
    }

    /** A text output, such as a command's standard output. */
    public static OutputDescriptor text(String name, String description) {
        return new OutputDescriptor(name, description, false, Type.TEXT);
    }

    /** A whole-number output, such as an exit code. */
    public static OutputDescriptor number(String name, String description) {
        return new OutputDescriptor(name, description, false, Type.NUMBER);
    }
}
