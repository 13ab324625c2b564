package dev.nixboot.engine.validate;

import dev.nixboot.engine.api.SourceLocation;
import dev.nixboot.engine.api.Spelling;
import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Problems;
import dev.nixboot.engine.load.Scalar;
import dev.nixboot.engine.load.Sequence;
import dev.nixboot.engine.load.Value;
import dev.nixboot.engine.load.YamlLoader;
import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.NoSecrets;
import dev.nixboot.engine.spi.ParameterNames;
import dev.nixboot.engine.spi.Secret;
import dev.nixboot.engine.spi.Unwrapped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path.Node;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds a step's {@code with:} mapping to its parameter record and validates the record with its Jakarta
 * constraints. Every problem is reported at the value that caused it. Values not known yet (step outputs during a
 * dry run) are left unchecked, but for their shape when it is known: a text output where a list is wanted always fails.
 */
public final class ParameterBinder {
    /** Bound defaults by "record class#component": RecordComponent has no equals, so it cannot be the key. */
    private static final Map<String, Object> CONVERTED_DEFAULTS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Constructor<?>> CONSTRUCTORS = new ConcurrentHashMap<>();
    /**
     * The YAML names of each record's components, worked out once rather than for every step; an {@link Unwrapped}
     * component stands for the names of its own components.
     */
    private static final ClassValue<List<String>> NAMES = new ClassValue<>() {
        @Override
        protected List<String> computeValue(Class<?> type) {
            List<String> names = new ArrayList<>();
            for (RecordComponent component : type.getRecordComponents()) {
                if (unwrapped(component)) {
                    names.addAll(NAMES.get(component.getType()));
                } else {
                    names.add(yamlName(component));
                }
            }
            return List.copyOf(names);
        }
    };

    private final Problems problems;
    private final boolean planning;
    private final Map<String, SourceLocation> locations = new HashMap<>();
    private final Set<String> unknown = new HashSet<>();
    private final Set<String> missing = new HashSet<>();
    /** The key of each {@link Unwrapped} component, to the key of the mapping its components were read from. */
    private final Map<String, String> unwrapped = new HashMap<>();

    /** A binder for the run: every value must be known. */
    public ParameterBinder(Problems problems) {
        this(problems, false);
    }

    /**
     * @param planning for dry runs and validation: values not known yet become their placeholder text where a
     *     string is wanted and the default (or zero) elsewhere, and are not validated
     */
    public ParameterBinder(Problems problems, boolean planning) {
        this.problems = problems;
        this.planning = planning;
    }

    /**
     * Binds and validates. Returns the record when it is complete and valid; empty when there were problems (now in
     * the {@link Problems}) or when some value is not known yet.
     *
     * @param path the logical path of the mapping, such as {@code steps[3].with}
     */
    public <R extends Record> Optional<R> bind(Class<R> type, Mapping with, String path) {
        int before = problems.size();
        locations.put("", with.location());
        Object record = record(type, with, path, "", true);
        if (record == null) {
            return Optional.empty();
        }
        List<String> names = NAMES.get(type);
        for (ConstraintViolation<Object> violation : ConstraintValidation.validate(record)) {
            String key = withoutUnwrapped(key(violation.getPropertyPath()));
            // A check across parameters (an @AssertTrue method, a class constraint) is about the whole mapping, and
            // cannot be judged while one of them is not known yet or wrong.
            boolean acrossParameters = !names.contains(key.split("[.\\[]", 2)[0]);
            if (coveredBy(key, unknown) || coveredBy(key, missing)
                    || (acrossParameters && (!unknown.isEmpty() || !missing.isEmpty()))) {
                continue;
            }
            String shown = acrossParameters || key.isEmpty() ? path
                    : key.startsWith("[") ? path + key : path + "." + key;
            problems.add(locate(key), shown, violation.getMessage());
        }
        if (problems.size() != before || (!unknown.isEmpty() && !planning)) {
            return Optional.empty();
        }
        return Optional.of(type.cast(record));
    }

    /** Whether some value could not be known yet (and so was not checked). */
    public boolean incomplete() {
        return !unknown.isEmpty();
    }

    private static String yamlName(RecordComponent component) {
        return ParameterNames.yamlName(component.getName());
    }

    /**
     * @param checkKeys whether to report keys of the mapping that are no component's: not for an {@link Unwrapped}
     *     record, whose mapping holds its enclosing record's parameters too
     */
    private Object record(Class<?> type, Mapping mapping, String path, String key, boolean checkKeys) {
        RecordComponent[] components = COMPONENTS.computeIfAbsent(type, Class::getRecordComponents);
        List<String> names = NAMES.get(type);
        for (Mapping.Entry entry : checkKeys ? mapping.entries() : List.<Mapping.Entry>of()) {
            String name = entry.key().text();
            if (!names.contains(name)) {
                problems.add(entry.key().location(), join(path, name), "unknown parameter '" + name + "'"
                        + Spelling.hintOrList(name, names));
            }
        }
        Object[] arguments = new Object[components.length];
        boolean complete = true;
        boolean unwrappedFailed = false;
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            String name = yamlName(component);
            String componentKey = key.isEmpty() ? name : key + "." + name;
            if (unwrapped(component)) {
                unwrapped.put(componentKey, key);
                arguments[i] = record(component.getType(), mapping, path, key, false);
                unwrappedFailed |= arguments[i] == null;
                continue;
            }
            Optional<Value> given = mapping.get(name).filter(v -> !(v instanceof Scalar s && s.isNull()));
            Object value;
            if (given.isPresent()) {
                locations.put(componentKey, given.get().location());
                value = convert(given.get(), component.getGenericType(), join(path, name), componentKey);
            } else {
                locations.put(componentKey, mapping.location());
                value = defaultValue(component, join(path, name), componentKey);
                if (value == null && required(component)) {
                    problems.add(mapping.location(), path, "missing required parameter '" + name + "'");
                    missing.add(componentKey);
                }
            }
            if (value == UNKNOWN) {
                unknown.add(componentKey);
                complete = false;
                value = planning ? defaultValue(component, join(path, name), componentKey) : null;
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
            return constructor(type).newInstance(arguments);
        } catch (InvocationTargetException e) {
            if (complete) {
                problems.add(mapping.location(), path, String.valueOf(e.getCause().getMessage()));
            }
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + type.getName(), e);
        }
    }

    private static final Object UNKNOWN = new Object();
    private static final Object INVALID = new Object();

    private Object convert(Value value, Type type, String path, String key) {
        Class<?> raw = raw(type);
        if (value instanceof Scalar scalar && scalar.isUnknown()) {
            boolean many = List.class.equals(raw) || Map.class.equals(raw) || raw.isRecord();
            if (many && scalar.kind() == Scalar.Kind.UNKNOWN_SINGLE) {
                problems.add(value.location(), path, "must be " + (List.class.equals(raw) ? "a list such as [a, b]"
                        : "a mapping") + ", but " + scalar.text() + " will be a single value");
                return INVALID;
            }
            if (!many && raw != Object.class && scalar.kind() == Scalar.Kind.UNKNOWN_LIST) {
                problems.add(value.location(), path, "must be " + article(raw) + ", but " + scalar.text()
                        + " will be a list");
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
            if (List.class.equals(raw)) {
                return list(value, ((ParameterizedType) type).getActualTypeArguments()[0], path, key);
            }
            if (Map.class.equals(raw)) {
                return map(value, ((ParameterizedType) type).getActualTypeArguments()[1], path, key);
            }
            if (raw.isRecord()) {
                if (!(value instanceof Mapping mapping)) {
                    throw new ConversionException("must be a mapping of " + componentNames(raw) + ", not "
                            + value.describe());
                }
                Object record = record(raw, mapping, path, key, true);
                return record == null ? INVALID : record;
            }
            if (!(value instanceof Scalar scalar)) {
                throw new ConversionException("must be " + article(raw) + ", not " + value.describe());
            }
            return scalar(scalar.text(), raw);
        } catch (ConversionException e) {
            problems.add(value.location(), path, e.getMessage());
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
            locations.put(itemKey, item.location());
            if (item instanceof Scalar s && s.isNull()) {
                problems.add(item.location(), path + "[" + i + "]", "empty list item");
                continue;
            }
            Object converted = convert(item, element, path + "[" + i + "]", itemKey);
            if (converted == UNKNOWN) {
                known = false;
            } else if (converted != INVALID) {
                result.add(converted);
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
            locations.put(entryKey, entry.value().location());
            Value item = entry.value();
            if (item instanceof Scalar s && s.isNull()) {
                item = Scalar.string("", item.location());
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

    /** Converts scalar text to a simple type; public so variables and the test kit read values the same way. */
    public static Object scalar(String text, Class<?> type) throws ConversionException {
        if (type == String.class || type == Object.class) {
            return text;
        }
        if (type == int.class || type == Integer.class) {
            return Scalars.toInt(text);
        }
        if (type == long.class || type == Long.class) {
            return Scalars.toLong(text);
        }
        if (type == boolean.class || type == Boolean.class) {
            return Scalars.toBoolean(text);
        }
        if (type == double.class || type == Double.class) {
            return Scalars.toDouble(text);
        }
        if (type == Duration.class) {
            return Scalars.toDuration(text);
        }
        if (type == Path.class) {
            try {
                if (text.isEmpty()) {
                    throw new ConversionException("must be a path, not an empty value");
                }
                return Path.of(text);
            } catch (InvalidPathException e) {
                throw new ConversionException("'" + text + "' is not a valid path: " + e.getReason());
            }
        }
        if (type.isEnum()) {
            return enumConstant(text, type);
        }
        throw new IllegalStateException("parameter type " + type.getName() + " is not supported by the binder");
    }

    private static Object enumConstant(String text, Class<?> type) throws ConversionException {
        List<String> names = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            String name = ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-');
            if (name.equals(text.toLowerCase(Locale.ROOT).replace('_', '-'))) {
                return constant;
            }
            names.add(name);
        }
        throw new ConversionException("'" + text + "' is not one of: " + String.join(", ", names)
                + Spelling.hint(text, names));
    }

    private Object defaultValue(RecordComponent component, String path, String key) {
        DefaultValue annotation = component.getAnnotation(DefaultValue.class);
        if (annotation == null) {
            return null;
        }
        // Bound values are immutable (numbers, strings, durations, records, unmodifiable collections): one per
        // component serves every step.
        // Not computeIfAbsent: a nested record's defaults are converted from inside this conversion.
        String cacheKey = component.getDeclaringRecord().getName() + "#" + component.getName();
        Object cached = CONVERTED_DEFAULTS.get(cacheKey);
        if (cached == null) {
            cached = convertDefault(component, annotation, path, key);
            if (cached != null) {
                CONVERTED_DEFAULTS.putIfAbsent(cacheKey, cached);
            }
        }
        return cached;
    }

    private static Object convertDefault(RecordComponent component, DefaultValue annotation, String path, String key) {
        Value parsed = parseDefault(component, annotation.value());
        Problems own = new Problems();
        Object value = new ParameterBinder(own).convert(parsed, component.getGenericType(), path, key);
        if (!own.isEmpty() || value == INVALID) {
            throw new IllegalStateException("@DefaultValue(\"" + annotation.value() + "\") of "
                    + component.getDeclaringRecord().getName() + "." + component.getName() + " is invalid: "
                    + (own.isEmpty() ? "" : own.list().get(0).message()));
        }
        return value;
    }

    private static Value parseDefault(RecordComponent component, String text) {
        Problems own = new Problems();
        return new YamlLoader(own).load(Path.of("@DefaultValue"), text).orElseThrow(() -> new IllegalStateException(
                "@DefaultValue(\"" + text + "\") of " + component.getDeclaringRecord().getName() + "."
                        + component.getName() + " is not YAML: " + own.list().get(0).message()));
    }

    /**
     * Whether leaving the parameter out is an error. Jakarta constraints on a record component are carried by its
     * accessor (they do not target record components themselves).
     */
    private static boolean required(RecordComponent component) {
        Method accessor = component.getAccessor();
        return component.getType().isPrimitive()
                || accessor.isAnnotationPresent(NotNull.class)
                || accessor.isAnnotationPresent(NotBlank.class)
                || accessor.isAnnotationPresent(NotEmpty.class);
    }

    /** The key a violation's property path has in {@link #locations}: {@code server.port}, {@code argv[1]}. */
    private static String key(jakarta.validation.Path path) {
        StringBuilder key = new StringBuilder();
        for (Node node : path) {
            if (node.getIndex() != null) {
                key.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null) {
                key.append('[').append(node.getKey()).append(']');
            }
            if (node.getKind() == jakarta.validation.ElementKind.PROPERTY) {
                if (key.length() > 0) {
                    key.append('.');
                }
                key.append(ParameterNames.yamlName(node.getName()));
            }
        }
        return key.toString();
    }

    private SourceLocation locate(String key) {
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

    private static boolean coveredBy(String key, Set<String> prefixes) {
        for (String prefix : prefixes) {
            if (key.equals(prefix) || key.startsWith(prefix + ".") || key.startsWith(prefix + "[")) {
                return true;
            }
        }
        return false;
    }

    private static Constructor<?> constructor(Class<?> type) {
        return CONSTRUCTORS.computeIfAbsent(type, t -> {
            Class<?>[] types = Arrays.stream(t.getRecordComponents()).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new);
            try {
                Constructor<?> constructor = t.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return constructor;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("record " + t.getName() + " has no canonical constructor", e);
            }
        });
    }

    /**
     * Whether the component's own components are written beside it. Checked here, where every parameter record passes
     * first, so a step that declares it wrongly fails when it is first used rather than leaking a secret.
     */
    private static boolean unwrapped(RecordComponent component) {
        if (!component.isAnnotationPresent(Unwrapped.class)) {
            return false;
        }
        Class<?> type = component.getType();
        String where = component.getDeclaringRecord().getName() + "." + component.getName();
        if (!type.isRecord()) {
            throw new IllegalStateException("@Unwrapped " + where + " is not a record");
        }
        for (RecordComponent inner : type.getRecordComponents()) {
            if (inner.isAnnotationPresent(Secret.class) || inner.isAnnotationPresent(NoSecrets.class)) {
                throw new IllegalStateException("@Unwrapped " + where + " has @Secret or @NoSecrets component "
                        + inner.getName() + ", which only a step's own record may have");
            }
        }
        return true;
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

    private static String componentNames(Class<?> record) {
        return String.join(", ", Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList());
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
