package dev.nixboot.engine.spi;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An output a step returns: one component of its output record, as templates, docs and the compiler see it.
 *
 * @param name how templates refer to it: {@code steps.<id>.outputs.<name>}, the component's name in snake_case
 * @param description one line for the docs: the component's {@link Description}
 * @param secret whether the component carries {@link Secret}: its value is masked everywhere and kept out of state
 *     files
 * @param type what kind of value it is, from the component's Java type, so a template that puts it where another kind
 *     is needed ({@code argv:} a text) is refused before the run
 */
public record OutputDescriptor(String name, String description, boolean secret, Type type) {

    /** The kinds of value an output can be. */
    public enum Type {
        ANY,
        TEXT,
        NUMBER,
        BOOLEAN,
        LIST
    }

    /** The outputs of each output record class, read once. */
    private static final ClassValue<List<OutputDescriptor>> OF_RECORD = new ClassValue<>() {
        @Override
        protected List<OutputDescriptor> computeValue(Class<?> outputs) {
            return read(outputs);
        }
    };

    public OutputDescriptor {
        requireNonNull(name, "name");
        requireNonNull(description, "description");
        requireNonNull(type, "type");
    }

    /**
     * The outputs an output record class declares, in component order.
     *
     * @throws IllegalArgumentException when the class is not a record, a component has no {@link Description}, or
     *     a component's type is not one templates and state files can hold (text, a number, a boolean, a list or a
     *     map of those)
     */
    public static List<OutputDescriptor> of(Class<? extends Record> outputs) {
        return OF_RECORD.get(outputs);
    }

    private static List<OutputDescriptor> read(Class<?> outputs) {
        if (!outputs.isRecord()) {
            throw new IllegalArgumentException(outputs.getName() + " is not a record");
        }
        List<OutputDescriptor> result = new ArrayList<>();
        for (RecordComponent component : outputs.getRecordComponents()) {
            Description description = component.getAnnotation(Description.class);
            if (description == null) {
                throw new IllegalArgumentException("output " + component.getName() + " of " + outputs.getName()
                        + " has no @Description: the docs list every output");
            }
            result.add(new OutputDescriptor(
                    ParameterNames.yamlName(component.getName()),
                    description.value(),
                    component.isAnnotationPresent(Secret.class),
                    type(component)));
        }
        return List.copyOf(result);
    }

    private static Type type(RecordComponent component) {
        Class<?> type = component.getType();
        if (type == String.class) {
            return Type.TEXT;
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return Type.NUMBER;
        }
        if (type == boolean.class || type == Boolean.class) {
            return Type.BOOLEAN;
        }
        if (type == List.class) {
            return Type.LIST;
        }
        if (type == Map.class) {
            return Type.ANY;
        }
        throw new IllegalArgumentException("output " + component.getName() + " of "
                + component.getDeclaringRecord().getName() + " is a " + type.getSimpleName()
                + ": an output is a String, a number (int, long), a boolean, or a List or Map of those, so templates"
                + " and state files can hold it");
    }
}
