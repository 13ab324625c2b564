package dev.nixboot.engine.spi;

import static java.util.Objects.requireNonNull;

/**
 * An output a step returns.
 *
 * @param name how templates refer to it: {@code steps.<id>.outputs.<name>}
 * @param description one line for the docs
 * @param secret whether the value is masked everywhere and kept out of state files
 */
public record OutputDescriptor(String name, String description, boolean secret) {
    public OutputDescriptor {
        requireNonNull(name, "name");
        requireNonNull(description, "description");
    }

    public static OutputDescriptor of(String name, String description) {
        return new OutputDescriptor(name, description, false);
    }

    public static OutputDescriptor secret(String name, String description) {
        return new OutputDescriptor(name, description, true);
    }
}
