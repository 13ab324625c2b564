package dev.nixboot.engine.validate;

import dev.nixboot.engine.api.SourceLocation;
import dev.nixboot.engine.spi.ParameterNames;
import jakarta.validation.ElementKind;
import jakarta.validation.Path.Node;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where each bound value was written, by key ({@code server.port}, {@code argv[1]}, {@code env[LANG]}), so that a
 * constraint violation, which names a Java property path, is reported at the line and column of the value it is about.
 */
final class ValueLocations {
    private final Map<String, SourceLocation> locations = new HashMap<>();

    void put(String key, SourceLocation location) {
        locations.put(key, location);
    }

    /** Where the value at the key was written, else where the nearest enclosing value was. */
    SourceLocation locate(String key) {
        String probe = key;
        while (true) {
            SourceLocation location = locations.get(probe);
            if (location != null) {
                return location;
            }
            int cut = Math.max(probe.lastIndexOf('.'), probe.lastIndexOf('['));
            if (cut <= 0) {
                return locations.get("");
            }
            probe = probe.substring(0, cut);
        }
    }

    /** The key of a violation's property path, components spelled as in YAML. */
    static String key(jakarta.validation.Path path) {
        StringBuilder key = new StringBuilder();
        for (Node node : path) {
            if (node.getIndex() != null) {
                key.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null) {
                key.append('[').append(node.getKey()).append(']');
            }
            if (node.getKind() == ElementKind.PROPERTY) {
                if (key.length() > 0) {
                    key.append('.');
                }
                key.append(ParameterNames.yamlName(node.getName()));
            }
        }
        return key.toString();
    }

    /** Whether the key is one of the prefixes or lies inside one. */
    static boolean coveredBy(String key, Set<String> prefixes) {
        for (String prefix : prefixes) {
            if (key.equals(prefix) || key.startsWith(prefix + ".") || key.startsWith(prefix + "[")) {
                return true;
            }
        }
        return false;
    }
}
