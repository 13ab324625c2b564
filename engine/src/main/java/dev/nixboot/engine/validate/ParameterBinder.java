package dev.nixboot.engine.validate;

import dev.nixboot.engine.api.Spelling;
import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Problems;
import dev.nixboot.engine.load.Scalar;
import dev.nixboot.engine.load.Sequence;
import dev.nixboot.engine.load.Value;
import dev.nixboot.engine.load.YamlLoader;
import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.ParameterNames;
import jakarta.validation.ConstraintViolation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds a mapping to a record and validates the record with its Jakarta constraints: a step's {@code with:} to its
 * parameter record, and a playbook to {@link PlaybookFormat}'s records. Every problem is reported at the value that
 * caused it. Values not known yet (step outputs during a dry run) are left unchecked, but for their shape when it is
 * known: a text output where a list is wanted always fails.
 *
 * <p>Besides the scalar types {@link Scalars} converts, lists, maps and nested records, a component may take the
 * loaded YAML itself ({@link Value}, {@link Mapping}, {@link Scalar}: kept with its place, for what is read later)
 * and a {@link Condition}; {@link ShortForm} and {@link OneOrMany} admit the short spellings.
 */
public final class ParameterBinder {
    private final Problems problems;
    private final boolean planning;
    private final Set<String> unknown = new HashSet<>();
    private final Set<String> missing = new HashSet<>();
    /** Keys of values that were reported, with those that were {@link #missing}. */
    private final Set<String> faulty = new HashSet<>();
    /** The key of each {@link dev.nixboot.engine.spi.Unwrapped} component, to the key of the mapping it was read from. */
    private final Map<String, String> unwrapped = new HashMap<>();
    /** What a mapping key is called in messages: a "parameter" under {@code with:}, a "key" of the playbook's own. */
    private final String keyWord;
    /**
     * Whether {@link #bind} returns what could be read even when there were problems; such a binder checks each
     * record's constraints as it builds it, so its records need no {@code @Valid}.
     */
    private final boolean partial;
    /** The mapping being bound, where violations are looked up. */
    private Mapping root;

    /** A binder for the run: every value must be known. */
    public ParameterBinder(Problems problems) {
        this(problems, false);
    }

    /**
     * @param planning for dry runs and validation: values not known yet become their placeholder text where a
     *     string is wanted and the default (or zero) elsewhere, and are not validated
     */
    public ParameterBinder(Problems problems, boolean planning) {
        this(problems, planning, "parameter", false);
    }

    private ParameterBinder(Problems problems, boolean planning, String keyWord, boolean partial) {
        this.problems = problems;
        this.planning = planning;
        this.keyWord = keyWord;
        this.partial = partial;
    }

    /**
     * A binder for a playbook's own keys ({@link PlaybookFormat}). Its {@link #bind} returns the record even when
     * there were problems, with each wrong value left out (null, and null items in lists), so that the rest of the
     * playbook is still checked and every problem reported at once; {@link #faulty} tells which values were wrong.
     */
    public static ParameterBinder forPlaybook(Problems problems) {
        return new ParameterBinder(problems, false, "key", true);
    }

    /**
     * Binds and validates. Returns the record when it is complete and valid; empty when there were problems (now in
     * the {@link Problems}) or when some value is not known yet (but see {@link #forPlaybook}).
     *
     * @param path the logical path of the mapping, such as {@code steps[3].with}
     */
    public <R extends Record> Optional<R> bind(Class<R> type, Mapping with, String path) {
        int before = problems.size();
        root = with;
        Object record = record(type, with, path, "", false);
        if (record == null) {
            return Optional.empty();
        }
        if (partial) {
            return Optional.of(type.cast(record)); // each record was checked as it was built
        }
        check(record, path, "");
        if (problems.size() != before || (!unknown.isEmpty() && !planning)) {
            return Optional.empty();
        }
        return Optional.of(type.cast(record));
    }

    /**
     * Reports the record's constraint violations at the values they are about.
     *
     * @param path the logical path of the record, for messages
     * @param key the record's key from the bound mapping ({@code steps[3]}), empty for the mapping itself
     */
    private void check(Object record, String path, String key) {
        List<String> names = RecordShape.of(record.getClass()).keys();
        boolean incomplete = key.isEmpty()
                ? !unknown.isEmpty() || !missing.isEmpty()
                : ValueLocations.coveredBy(key, unknown)
                        || unknown.stream().anyMatch(k -> inside(k, key))
                        || missing.stream().anyMatch(k -> inside(k, key));
        for (ConstraintViolation<Object> violation : ConstraintValidation.validate(record)) {
            String written = ValueLocations.key(violation.getPropertyPath());
            String full = withoutUnwrapped(
                    key.isEmpty() ? written : written.startsWith("[") ? key + written : key + "." + written);
            String relative = key.isEmpty()
                    ? full
                    : full.substring(Math.min(full.length(), key.length())).replaceFirst("^\\.", "");
            // A check across parameters (an @AssertTrue method, a class constraint) is about the whole mapping, and
            // cannot be judged while one of them is not known yet or wrong.
            boolean acrossParameters = !names.contains(relative.split("[.\\[]", 2)[0]);
            if (ValueLocations.coveredBy(full, unknown)
                    || ValueLocations.coveredBy(full, missing)
                    || (acrossParameters && incomplete)) {
                continue;
            }
            String shown = acrossParameters || relative.isEmpty()
                    ? path
                    : relative.startsWith("[") || path.isEmpty() ? path + relative : path + "." + relative;
            problems.add(ValueLocations.locate(root, full), shown, violation.getMessage());
            faulty.add(full);
        }
    }

    private static boolean inside(String key, String prefix) {
        return key.startsWith(prefix + ".") || key.startsWith(prefix + "[");
    }

    /**
     * Whether a playbook must give this component: the binder reports it missing when it is left out. The schema
     * asks here, so its {@code required} lists cannot drift from the binder.
     */
    public static boolean isRequired(RecordComponent component) {
        RecordShape shape = RecordShape.of(component.getDeclaringRecord());
        int index = shape.names().indexOf(ParameterNames.yamlName(component.getName()));
        return component.getAnnotation(DefaultValue.class) == null && shape.required(index);
    }

    /** Whether the value at the key ({@code steps[2].retry}), or something in it, was reported as wrong. */
    public boolean faulty(String key) {
        for (String wrong : faulty) {
            if (ValueLocations.coveredBy(wrong, Set.of(key))) {
                return true;
            }
        }
        return false;
    }

    /** Whether some value could not be known yet (and so was not checked). */
    public boolean incomplete() {
        return !unknown.isEmpty();
    }

    /**
     * @param unwrappedPart whether this is an {@link dev.nixboot.engine.spi.Unwrapped} record read from its enclosing
     *     record's mapping: that record reports keys that are no one's, and checks this one with its own
     */
    private Object record(Class<?> type, Mapping mapping, String path, String key, boolean unwrappedPart) {
        RecordShape shape = RecordShape.of(type);
        List<String> names = shape.keys();
        for (Mapping.Entry entry : unwrappedPart ? List.<Mapping.Entry>of() : mapping.entries()) {
            String name = entry.key().text();
            if (!names.contains(name)) {
                problems.add(
                        entry.key().location(),
                        join(path, name),
                        "unknown " + keyWord + " '" + name + "'" + Spelling.hintOrList(name, names));
            }
        }
        Object[] arguments = new Object[shape.size()];
        boolean complete = true;
        boolean unwrappedFailed = false;
        for (int i = 0; i < shape.size(); i++) {
            RecordComponent component = shape.component(i);
            String name = shape.name(i);
            String componentKey = key.isEmpty() ? name : key + "." + name;
            if (shape.unwrapped(i)) {
                unwrapped.put(componentKey, key);
                arguments[i] = record(component.getType(), mapping, path, key, true);
                unwrappedFailed |= arguments[i] == null;
                continue;
            }
            Optional<Value> given = mapping.get(name).filter(v -> !(v instanceof Scalar s && s.isNull()));
            Object value;
            if (given.isPresent()) {
                value = convert(
                        given.get(),
                        component.getGenericType(),
                        join(path, name),
                        componentKey,
                        component.isAnnotationPresent(OneOrMany.class));
            } else {
                value = shape.defaultValue(i, ParameterBinder::bindDefault);
                if (value == null && shape.required(i)) {
                    String why = shape.requiredMessage(i);
                    problems.add(
                            mapping.location(),
                            path,
                            why.isEmpty()
                                    ? "missing required " + keyWord + " '" + name + "'"
                                    : "missing '" + name + "': " + why);
                    missing.add(componentKey);
                    faulty.add(componentKey);
                }
            }
            if (value == UNKNOWN) {
                unknown.add(componentKey);
                complete = false;
                value = planning ? shape.defaultValue(i, ParameterBinder::bindDefault) : null;
            } else if (value == INVALID) {
                // Already reported; the rest of the record is still worth validating.
                missing.add(componentKey);
                complete = false;
                value = null;
            }
            arguments[i] = value == null ? zero(component.getType()) : value;
        }
        if (unwrappedFailed) {
            return null;
        }
        try {
            Object record = shape.create(arguments);
            if (partial && !unwrappedPart) {
                // Each record on its own rather than the whole playbook at once: the validator's bookkeeping for a
                // cascade through 10,000 steps costs more than the checks themselves.
                check(record, path, key);
            }
            return record;
        } catch (InvocationTargetException e) {
            if (complete) {
                problems.add(
                        mapping.location(), path, String.valueOf(e.getCause().getMessage()));
            }
            return null;
        }
    }

    /** A violation's key as the playbook writes it: {@code connection.host} is {@code host}. */
    private String withoutUnwrapped(String key) {
        for (Map.Entry<String, String> entry : unwrapped.entrySet()) {
            String component = entry.getKey();
            if (key.equals(component)) {
                return withoutUnwrapped(entry.getValue());
            }
            if (key.startsWith(component + ".")) {
                String rest = key.substring(component.length() + 1);
                return withoutUnwrapped(entry.getValue().isEmpty() ? rest : entry.getValue() + "." + rest);
            }
        }
        return key;
    }

    private static final Object UNKNOWN = new Object();
    private static final Object INVALID = new Object();

    private Object convert(Value value, Type type, String path, String key) {
        return convert(value, type, path, key, false);
    }

    /** @param oneOrMany whether a single value stands for a list of one ({@link OneOrMany}) */
    private Object convert(Value value, Type type, String path, String key, boolean oneOrMany) {
        Class<?> raw = raw(type);
        if (value instanceof Scalar scalar && scalar.isUnknown()) {
            boolean many = List.class.equals(raw) || Map.class.equals(raw) || raw.isRecord();
            if (many && scalar.kind() == Scalar.Kind.UNKNOWN_SINGLE) {
                problems.add(
                        value.location(),
                        path,
                        "must be " + (List.class.equals(raw) ? "a list such as [a, b]" : "a mapping") + ", but "
                                + scalar.text() + " will be a single value");
                return INVALID;
            }
            if (!many && raw != Object.class && scalar.kind() == Scalar.Kind.UNKNOWN_LIST) {
                problems.add(
                        value.location(),
                        path,
                        "must be " + article(raw) + ", but " + scalar.text() + " will be a list");
                return INVALID;
            }
            if (planning && (raw == String.class || raw == Object.class || raw == Path.class)) {
                // A dry run shows the placeholder where the value will go: "ssh-keyscan <steps.x.outputs.host>".
                unknown.add(key);
                return raw == Path.class ? Path.of(scalar.text()) : scalar.text();
            }
            return UNKNOWN;
        }
        try {
            if (Value.class.isAssignableFrom(raw)) {
                if (!raw.isInstance(value)) {
                    throw new ConversionException(
                            raw == Mapping.class
                                    ? "must be a mapping of names to values, not " + value.describe()
                                    : "must be a single value, not " + value.describe());
                }
                return value;
            }
            if (raw == Condition.class) {
                if (!(value instanceof Scalar scalar)) {
                    throw new ConversionException("must be true, false or an expression, not " + value.describe());
                }
                return Condition.of(scalar);
            }
            if (List.class.equals(raw)) {
                Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
                if (value instanceof Scalar && oneOrMany) {
                    // The one item alone: `needs: install`.
                    return list(new Sequence(List.of(value), value.location()), element, path, key);
                }
                return list(value, element, path, key);
            }
            if (Map.class.equals(raw)) {
                return map(value, ((ParameterizedType) type).getActualTypeArguments()[1], path, key);
            }
            if (raw.isRecord()) {
                ShortForm shortForm = raw.getAnnotation(ShortForm.class);
                if (shortForm != null && !(value instanceof Mapping)) {
                    // `retry: 3` is `retry: {attempts: 3}`.
                    value = new Mapping(
                            List.of(new Mapping.Entry(Scalar.string(shortForm.value(), value.location()), value)),
                            value.location());
                }
                if (!(value instanceof Mapping mapping)) {
                    throw new ConversionException("must be a mapping of "
                            + String.join(", ", RecordShape.of(raw).names()) + ", not " + value.describe());
                }
                Object record = record(raw, mapping, path, key, false);
                return record == null ? INVALID : record;
            }
            if (!(value instanceof Scalar scalar)) {
                throw new ConversionException("must be " + article(raw) + ", not " + value.describe());
            }
            return Scalars.convert(scalar.text(), raw);
        } catch (ConversionException e) {
            problems.add(value.location(), path, e.getMessage());
            faulty.add(key);
            return INVALID;
        }
    }

    private Object list(Value value, Type element, String path, String key) throws ConversionException {
        if (!(value instanceof Sequence sequence)) {
            throw new ConversionException("must be a list such as [a, b], not " + value.describe());
        }
        List<Object> result = new ArrayList<>();
        boolean known = true;
        for (int i = 0; i < sequence.items().size(); i++) {
            Value item = sequence.items().get(i);
            String itemKey = key + "[" + i + "]";
            if (item instanceof Scalar s && s.isNull()) {
                problems.add(item.location(), path + "[" + i + "]", "empty list item");
                faulty.add(itemKey);
                if (partial) {
                    result.add(null);
                }
                continue;
            }
            Object converted = convert(item, element, path + "[" + i + "]", itemKey);
            if (converted == UNKNOWN) {
                known = false;
            } else if (converted != INVALID) {
                result.add(converted);
            } else if (partial) {
                // Items keep their places: steps[3] stays the fourth step.
                result.add(null);
            }
        }
        return known ? Collections.unmodifiableList(result) : UNKNOWN;
    }

    private Object map(Value value, Type element, String path, String key) throws ConversionException {
        if (!(value instanceof Mapping mapping)) {
            throw new ConversionException("must be a mapping of names to values, not " + value.describe());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        boolean known = true;
        for (Mapping.Entry entry : mapping.entries()) {
            String name = entry.key().text();
            String entryKey = key + "[" + name + "]";
            Value item = entry.value();
            if (item instanceof Scalar s && s.isNull()) {
                // `name:` with nothing after it: an empty text, or a record with nothing to set.
                item = raw(element).isRecord()
                        ? new Mapping(List.of(), item.location())
                        : Scalar.string("", item.location());
            }
            Object converted = convert(item, element, join(path, name), entryKey);
            if (converted == UNKNOWN) {
                known = false;
            } else if (converted != INVALID) {
                result.put(name, converted);
            }
        }
        return known ? Collections.unmodifiableMap(result) : UNKNOWN;
    }

    /** A component's {@link DefaultValue}, read as YAML and bound like a value a playbook gives. */
    private static Object bindDefault(RecordComponent component) {
        DefaultValue annotation = component.getAnnotation(DefaultValue.class);
        Value parsed = parseDefault(component, annotation.value());
        Problems own = new Problems();
        Object value = new ParameterBinder(own).convert(parsed, component.getGenericType(), "", "");
        if (!own.isEmpty() || value == INVALID) {
            throw new IllegalStateException("@DefaultValue(\"" + annotation.value() + "\") of "
                    + component.getDeclaringRecord().getName() + "." + component.getName() + " is invalid: "
                    + (own.isEmpty() ? "" : own.list().get(0).message()));
        }
        return value;
    }

    private static Value parseDefault(RecordComponent component, String text) {
        Problems own = new Problems();
        return new YamlLoader(own)
                .load(Path.of("@DefaultValue"), text)
                .orElseThrow(() -> new IllegalStateException("@DefaultValue(\"" + text + "\") of "
                        + component.getDeclaringRecord().getName() + "." + component.getName() + " is not YAML: "
                        + own.list().get(0).message()));
    }

    private static Object zero(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == double.class) {
            return 0.0;
        }
        if (type == long.class) {
            return 0L;
        }
        return 0;
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("parameter type " + type + " is not supported by the binder");
    }

    private static String article(Class<?> type) {
        if (type == String.class || type == Path.class) {
            return "a string";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == Duration.class) {
            return "a duration such as 30s";
        }
        return "a single value";
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
