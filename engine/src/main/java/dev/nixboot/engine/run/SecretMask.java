package dev.nixboot.engine.run;

import dev.nixboot.engine.spi.Secret;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secret values known so far in a run and the one way text leaves the engine: with each of them replaced by
 * {@code ***}. Values are added while the run goes (prompts, secret outputs), so reads see a copy-on-write array.
 */
public final class SecretMask {
    public static final String MASK = "***";

    /** The {@link Secret} components of each parameter record class, found once: reflection per step is slow. */
    private static final ClassValue<RecordComponent[]> SECRET_COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            return components == null ? new RecordComponent[0] : Arrays.stream(components)
                    .filter(component -> component.isAnnotationPresent(Secret.class))
                    .toArray(RecordComponent[]::new);
        }
    };

    /** Longest first, so a secret that contains another is replaced whole. */
    private volatile String[] secrets = new String[0];

    public SecretMask(Collection<String> initial) {
        initial.forEach(this::add);
    }

    public synchronized void add(String value) {
        if (value == null || value.isEmpty() || Arrays.asList(secrets).contains(value)) {
            return;
        }
        String[] next = Arrays.copyOf(secrets, secrets.length + 1);
        next[secrets.length] = value;
        Arrays.sort(next, Comparator.comparingInt(String::length).reversed());
        secrets = next;
    }

    /** Adds every string inside the value: lists, maps and scalars. */
    public void addAll(Object value) {
        if (value instanceof Collection<?> collection) {
            collection.forEach(this::addAll);
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(this::addAll);
        } else if (value != null) {
            add(value.toString());
        }
    }

    /** Registers the values of the record's {@link Secret} components. */
    public void addSecretComponents(Record parameters) {
        if (parameters == null) {
            return;
        }
        for (RecordComponent component : SECRET_COMPONENTS.get(parameters.getClass())) {
            addAll(read(parameters, component));
        }
    }

    /** This mask, or a copy that also masks the record's {@link Secret} components when it has any. */
    public SecretMask with(Record parameters) {
        if (parameters == null) {
            return this;
        }
        if (SECRET_COMPONENTS.get(parameters.getClass()).length == 0) {
            return this;
        }
        SecretMask copy = new SecretMask(Arrays.asList(secrets));
        copy.addSecretComponents(parameters);
        return copy;
    }

    public String mask(String text) {
        String[] current = secrets;
        if (text == null || current.length == 0) {
            return text;
        }
        String masked = text;
        for (String secret : current) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    /** A deep copy with every string masked; numbers and booleans are kept as they are. */
    public Object maskValue(Object value) {
        if (secrets.length == 0) {
            return value;
        }
        if (value instanceof String text) {
            return mask(text);
        }
        if (value instanceof Path path) {
            return mask(path.toString());
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(maskValue(element)));
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            return maskValues(map);
        }
        return value;
    }

    public Map<String, Object> maskValues(Map<?, ?> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> copy.put(String.valueOf(key), maskValue(value)));
        return copy;
    }

    /** Whether masking would change the value: it holds a secret somewhere. */
    public boolean reveals(Object value) {
        if (secrets.length == 0 || value == null) {
            return false;
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().anyMatch(this::reveals);
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(this::reveals);
        }
        String text = value.toString();
        return !mask(text).equals(text);
    }

    private static Object read(Record record, RecordComponent component) {
        try {
            var accessor = component.getAccessor();
            // Parameter records of plugin steps need not be public; the accessor still is part of the record.
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read secret parameter " + component.getName() + " of " + record.getClass().getName(), e);
        }
    }
}
