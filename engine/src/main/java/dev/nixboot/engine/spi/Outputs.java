package dev.nixboot.engine.spi;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one execution of a step returned, read from its output record as templates, events and state files see it:
 * each component's value under its output name, and which of them came from a {@link Secret} component. The secrecy
 * goes with the component, so no spelling of a name can lose it.
 *
 * @param values the outputs by name, in component order; a component that is null was not produced and is left out
 *     (a template that uses it fails, naming the outputs there are)
 * @param secret the names of the values that came from {@link Secret} components
 */
public record Outputs(Map<String, Object> values, Set<String> secret) {
    private static final Outputs EMPTY = new Outputs(Map.of(), Set.of());

    public Outputs {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        secret = Set.copyOf(secret);
    }

    public static Outputs empty() {
        return EMPTY;
    }

    /** Reads an output record; see {@link Step#execute}. */
    public static Outputs of(Record outputs) {
        RecordComponent[] components = outputs.getClass().getRecordComponents();
        List<OutputDescriptor> descriptors = OutputDescriptor.of(outputs.getClass());
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> secret = new LinkedHashSet<>();
        for (int i = 0; i < components.length; i++) {
            Object value = value(outputs, components[i]);
            OutputDescriptor descriptor = descriptors.get(i);
            if (value != null) {
                values.put(descriptor.name(), copy(value));
                if (descriptor.secret()) {
                    secret.add(descriptor.name());
                }
            }
        }
        return new Outputs(values, secret);
    }

    private static Object value(Record outputs, RecordComponent component) {
        try {
            // A step's output record may be package-private, as its parameter record may: steps live on the class
            // path, where this always succeeds.
            var accessor = component.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(outputs);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(
                    "cannot read output " + component.getName() + " of "
                            + outputs.getClass().getName(),
                    e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    "reading output " + component.getName() + " of "
                            + outputs.getClass().getName() + " failed",
                    e.getCause());
        }
    }

    /** Lists and maps are copied, so what the run keeps cannot change under it. */
    private static Object copy(Object value) {
        if (value instanceof List<?> list) {
            return Collections.unmodifiableList(new ArrayList<>(list));
        }
        if (value instanceof Map<?, ?> map) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(map));
        }
        return value;
    }

    public Object get(String name) {
        return values.get(name);
    }

    /** The values of the secret outputs, to be masked wherever they appear. */
    public List<Object> secretValues() {
        return secret.stream().map(values::get).toList();
    }

    /** The outputs without the secret ones: what events may show. */
    public Map<String, Object> publicValues() {
        Map<String, Object> shown = new LinkedHashMap<>(values);
        shown.keySet().removeAll(secret);
        return Collections.unmodifiableMap(shown);
    }
}
