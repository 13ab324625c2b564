package dev.nixboot.engine.validate;

import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Problems;
import dev.nixboot.engine.load.Scalar;
import dev.nixboot.engine.load.Sequence;
import dev.nixboot.engine.api.Spelling;
import dev.nixboot.engine.load.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the fixed keys of one playbook mapping (the top level, a variable, a step), reporting unknown keys with a
 * did-you-mean and wrongly typed values at their location.
 */
final class Fields {
    private final Mapping mapping;
    private final String path;
    private final Problems problems;

    Fields(Mapping mapping, String path, Problems problems, List<String> allowed) {
        this.mapping = mapping;
        this.path = path;
        this.problems = problems;
        for (Mapping.Entry entry : mapping.entries()) {
            String key = entry.key().text();
            if (!allowed.contains(key)) {
                problems.add(entry.key().location(), path(key), "unknown key '" + key + "'"
                        + Spelling.hintOrList(key, allowed));
            }
        }
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Mapping mapping() {
        return mapping;
    }

    /** The value, absent when missing or written empty ({@code key:}). */
    Optional<Value> value(String key) {
        return mapping.get(key).filter(v -> !(v instanceof Scalar s && s.isNull()));
    }

    Optional<Scalar> scalar(String key) {
        Optional<Value> value = value(key);
        if (value.isPresent() && !(value.get() instanceof Scalar)) {
            problems.add(value.get().location(), path(key), "must be a single value, not " + value.get().describe());
            return Optional.empty();
        }
        return value.map(Scalar.class::cast);
    }

    Optional<String> string(String key) {
        return scalar(key).map(Scalar::text);
    }

    Optional<Boolean> bool(String key) {
        return convert(key, Scalars::toBoolean);
    }

    Optional<Long> integer(String key) {
        return convert(key, Scalars::toLong);
    }

    Optional<Double> number(String key) {
        return convert(key, Scalars::toDouble);
    }

    Optional<Duration> duration(String key) {
        return convert(key, Scalars::toDuration);
    }

    /** A list of single values; one value alone counts as a list of one. */
    List<Scalar> scalars(String key) {
        Optional<Value> value = value(key);
        if (value.isEmpty()) {
            return List.of();
        }
        if (value.get() instanceof Scalar scalar) {
            return List.of(scalar);
        }
        if (!(value.get() instanceof Sequence sequence)) {
            problems.add(value.get().location(), path(key), "must be a list such as [a, b], not a mapping");
            return List.of();
        }
        List<Scalar> result = new ArrayList<>();
        for (int i = 0; i < sequence.items().size(); i++) {
            Value item = sequence.items().get(i);
            if (item instanceof Scalar scalar && !scalar.isNull()) {
                result.add(scalar);
            } else {
                problems.add(item.location(), path(key) + "[" + i + "]", "must be a single value, not "
                        + (item instanceof Scalar ? "an empty item" : item.describe()));
            }
        }
        return result;
    }

    private interface Reader<T> {
        T read(String text) throws ConversionException;
    }

    private <T> Optional<T> convert(String key, Reader<T> reader) {
        Optional<Scalar> scalar = scalar(key);
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(reader.read(scalar.get().text()));
        } catch (ConversionException e) {
            problems.add(scalar.get().location(), path(key), e.getMessage());
            return Optional.empty();
        }
    }
}
