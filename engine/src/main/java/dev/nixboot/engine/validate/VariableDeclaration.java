package dev.nixboot.engine.validate;

import dev.nixboot.engine.api.SourceLocation;
import dev.nixboot.engine.load.Value;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One entry of {@code vars:}.
 *
 * @param defaultValue the default as written, or null
 * @param pattern a regular expression the whole value must match (string and path), or null
 * @param choices the allowed values, converted to the type; empty for any
 * @param min the smallest allowed int, or null
 * @param max the largest allowed int, or null
 * @param location where the name is declared
 */
public record VariableDeclaration(
        String name,
        VariableType type,
        Value defaultValue,
        boolean required,
        String description,
        Pattern pattern,
        List<Object> choices,
        Long min,
        Long max,
        boolean secret,
        SourceLocation location) {
    public VariableDeclaration {
        choices = List.copyOf(choices);
    }
}
