package dev.nixboot.engine.validate;

import dev.nixboot.engine.api.SourceLocation;
import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Scalar;
import dev.nixboot.engine.load.Sequence;
import dev.nixboot.engine.load.Value;
import dev.nixboot.engine.spi.ParameterNames;
import jakarta.validation.ElementKind;
import jakarta.validation.Path.Node;
import java.util.Set;

/**
 * Finds where a bound value was written from its key ({@code server.port}, {@code argv[1]}, {@code env[LANG]}), so
 * that a constraint violation, which names a Java property path, is reported at the line and column of the value it is
 * about. The key is followed through the loaded YAML on demand rather than every value's place kept as it is bound:
 * only a violation needs one.
 */
final class ValueLocations {
    private ValueLocations() {}

    /** Where the value at the key was written, else where the nearest enclosing value was. */
    static SourceLocation locate(Mapping root, String key) {
        Value current = root;
        int i = 0;
        while (i < key.length()) {
            String segment;
            if (key.charAt(i) == '[') {
                int end = key.indexOf(']', i);
                if (end < 0) {
                    break;
                }
                segment = key.substring(i + 1, end);
                i = end + 1;
            } else {
                int start = key.charAt(i) == '.' ? i + 1 : i;
                int end = start;
                while (end < key.length() && key.charAt(end) != '.' && key.charAt(end) != '[') {
                    end++;
                }
                segment = key.substring(start, end);
                i = end;
            }
            Value next = child(current, segment);
            if (next == null) {
                break;
            }
            current = next;
        }
        return current.location();
    }

    /** A mapping's value by key (none when written empty: the mapping is the place), or a list's item by index. */
    private static Value child(Value parent, String segment) {
        if (parent instanceof Mapping mapping) {
            return mapping.get(segment)
                    .filter(v -> !(v instanceof Scalar s && s.isNull()))
                    .orElse(null);
        }
        if (parent instanceof Sequence sequence
                && !segment.isEmpty()
                && segment.chars().allMatch(Character::isDigit)) {
            int index = Integer.parseInt(segment);
            return index < sequence.items().size() ? sequence.items().get(index) : null;
        }
        return null;
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
