package dev.nixboot.engine.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Run-scoped resources, one per type, closed in reverse order of creation when the run ends. Each type has its own
 * lock, so a slow factory (an SSH connection, say) does not hold up steps that want another type.
 */
final class SharedResources implements AutoCloseable {
    private final Map<Class<?>, Slot> slots = new ConcurrentHashMap<>();
    private final List<Object> created = Collections.synchronizedList(new ArrayList<>());
    private final Consumer<String> warn;

    SharedResources(Consumer<String> warn) {
        this.warn = warn;
    }

    <T> T get(Class<T> type, Supplier<? extends T> factory) {
        Slot slot = slots.computeIfAbsent(type, t -> new Slot());
        synchronized (slot) {
            if (slot.value == null) {
                T value = factory.get();
                if (value == null) {
                    throw new IllegalStateException("the factory for shared " + type.getName() + " returned null");
                }
                slot.value = value;
                created.add(value);
            }
            return type.cast(slot.value);
        }
    }

    @Override
    public void close() {
        List<Object> resources;
        synchronized (created) {
            resources = new ArrayList<>(created);
            created.clear();
        }
        Collections.reverse(resources);
        for (Object resource : resources) {
            if (resource instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    warn.accept("closing shared " + resource.getClass().getName() + " failed: " + e.getMessage());
                }
            }
        }
    }

    private static final class Slot {
        private Object value;
    }
}
