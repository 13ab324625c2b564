package dev.nixboot.engine.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named values a step returns. Values are strings, numbers, booleans, lists or maps of those, so they can be
 * used in templates and kept in state files.
 */
public record Outputs(Map<String, Object> values) {
    private static final Outputs EMPTY = new Outputs(Map.of());

    public Outputs {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Outputs empty() {
        return EMPTY;
    }

    /** Builds outputs from alternating names and values: {@code Outputs.of("stdout", out, "exit_code", 0)}. */
    public static Outputs of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Outputs(map);
    }

    public Object get(String name) {
        return values.get(name);
    }
}
