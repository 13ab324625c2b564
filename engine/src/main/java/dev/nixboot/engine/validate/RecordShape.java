package dev.nixboot.engine.validate;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.NoSecrets;
import dev.nixboot.engine.spi.ParameterNames;
import dev.nixboot.engine.spi.Secret;
import dev.nixboot.engine.spi.Unwrapped;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What the binder needs to know about one record type, worked out once per class: its components with their YAML
 * names, which are required, and its canonical constructor.
 */
final class RecordShape {
    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return new RecordShape(type);
        }
    };

    private final Class<?> type;
    private final RecordComponent[] components;
    private final List<String> names;
    /** The keys a mapping of this record may hold: its names, an {@link Unwrapped} one's standing for its own keys. */
    private final List<String> keys;

    private final boolean[] unwrapped;
    private final Constructor<?> constructor;
    /** Each component's bound default, filled in on first use; null where none was bound yet or there is none. */
    private final Object[] defaults;

    private RecordShape(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalStateException(type.getName() + " is not a record");
        }
        this.type = type;
        this.components = type.getRecordComponents();
        this.names = Arrays.stream(components)
                .map(c -> ParameterNames.yamlName(c.getName()))
                .toList();
        this.unwrapped = new boolean[components.length];
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < components.length; i++) {
            unwrapped[i] = unwrapped(components[i]);
            if (unwrapped[i]) {
                keys.addAll(of(components[i].getType()).keys());
            } else {
                keys.add(names.get(i));
            }
        }
        this.keys = List.copyOf(keys);
        Class<?>[] types =
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            this.constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
        }
        this.defaults = new Object[components.length];
    }

    static RecordShape of(Class<?> type) {
        return SHAPES.get(type);
    }

    int size() {
        return components.length;
    }

    RecordComponent component(int index) {
        return components[index];
    }

    /** The components' names as a playbook writes them: {@code ok_codes} for {@code okCodes}. */
    List<String> names() {
        return names;
    }

    String name(int index) {
        return names.get(index);
    }

    /** The keys a playbook may write in a mapping of this record (the names, with unwrapped records' keys). */
    List<String> keys() {
        return keys;
    }

    /** Whether the component's own components are written beside the others ({@link Unwrapped}). */
    boolean unwrapped(int index) {
        return unwrapped[index];
    }

    /**
     * Checked here, where every parameter record passes first, so a step that declares one wrongly fails when it is
     * first used rather than leaking a secret that masking, which reads only a step's own record, would not see.
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

    /**
     * Whether leaving the component out is an error. Jakarta constraints on a record component are carried by its
     * accessor (they do not target record components themselves).
     */
    boolean required(int index) {
        RecordComponent component = components[index];
        Method accessor = component.getAccessor();
        return component.getType().isPrimitive()
                || accessor.isAnnotationPresent(NotNull.class)
                || accessor.isAnnotationPresent(NotBlank.class)
                || accessor.isAnnotationPresent(NotEmpty.class);
    }

    /** The message a required component's constraint gives, when its author wrote one rather than the default. */
    String requiredMessage(int index) {
        Method accessor = components[index].getAccessor();
        String message = accessor.isAnnotationPresent(NotNull.class)
                ? accessor.getAnnotation(NotNull.class).message()
                : accessor.isAnnotationPresent(NotBlank.class)
                        ? accessor.getAnnotation(NotBlank.class).message()
                        : accessor.isAnnotationPresent(NotEmpty.class)
                                ? accessor.getAnnotation(NotEmpty.class).message()
                                : "";
        return message.startsWith("{") ? "" : message;
    }

    /**
     * The component's {@link DefaultValue} bound by {@code bind}, or null when it has none. Bound values are immutable
     * (numbers, strings, durations, records, unmodifiable collections), so one serves every step.
     */
    Object defaultValue(int index, Function<RecordComponent, Object> bind) {
        if (components[index].getAnnotation(DefaultValue.class) == null) {
            return null;
        }
        // Not computed under a lock: a nested record's defaults are bound from inside this binding. Two threads may
        // bind the same default; both get equal values.
        Object value = defaults[index];
        if (value == null) {
            value = bind.apply(components[index]);
            defaults[index] = value;
        }
        return value;
    }

    /** A new record; what the compact constructor throws is handed back as the exception's cause. */
    Object create(Object[] arguments) throws InvocationTargetException {
        try {
            return constructor.newInstance(arguments);
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot create " + type.getName(), e);
        }
    }
}
