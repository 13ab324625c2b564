package dev.nixboot.engine.secrets;

import dev.nixboot.engine.spi.Secret;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
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
            return components == null
                    ? new RecordComponent[0]
                    : Arrays.stream(components)
                            .filter(component -> component.isAnnotationPresent(Secret.class))
                            .toArray(RecordComponent[]::new);
        }
    };

    /**
     * Lines shorter than this of a secret of several lines are not masked on their own: '}' or 'fi' of a script
     * passed as a secret would mask every brace; a private key's lines are 70 chars.
     */
    static final int MIN_LINE_FRAGMENT = 8;

    /** Longest first, so a secret that contains another is replaced whole. */
    private volatile String[] secrets = new String[0];

    public SecretMask(Collection<String> initial) {
        initial.forEach(this::add);
    }

    /**
     * Masks the value from now on. A value of several lines (a private key) is masked whole, and each of its lines of
     * {@link #MIN_LINE_FRAGMENT} chars or more is masked on its own too, wherever it turns up: a process may print
     * one line of a key, or a file holding it may be cut into pieces.
     */
    public void add(String value) {
        add(value, true);
    }

    private synchronized void add(String value, boolean lines) {
        if (value == null || value.isEmpty()) {
            return;
        }
        List<String> next = new ArrayList<>(Arrays.asList(secrets));
        addOnce(next, value);
        if (lines && value.indexOf('\n') >= 0) {
            for (String line : value.split("\r?\n")) {
                String fragment = line.strip();
                if (fragment.length() >= MIN_LINE_FRAGMENT) {
                    addOnce(next, fragment);
                }
            }
        }
        next.sort(Comparator.comparingInt(String::length).reversed());
        secrets = next.toArray(String[]::new);
    }

    private static void addOnce(List<String> values, String value) {
        if (!values.contains(value)) {
            values.add(value);
        }
    }

    /** Adds every string inside the value: lists, maps and scalars. */
    public void addAll(Object value) {
        addAll(value, true);
    }

    private void addAll(Object value, boolean lines) {
        if (value instanceof Collection<?> collection) {
            collection.forEach(item -> addAll(item, lines));
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(item -> addAll(item, lines));
        } else if (value != null) {
            add(value.toString(), lines);
        }
    }

    /**
     * Registers the values of the record's {@link Secret} components, each whole only: such a value is often a file's
     * or an input's text (ssh.exec's stdin, ssh.upload's content) whose lines are nothing secret on their own.
     * A secret variable in it was registered line by line already.
     */
    public void addSecretComponents(Record parameters) {
        if (parameters == null) {
            return;
        }
        for (RecordComponent component : SECRET_COMPONENTS.get(parameters.getClass())) {
            addAll(read(parameters, component), false);
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
        SecretMask copy = new SecretMask(List.of());
        copy.secrets = secrets;
        copy.addSecretComponents(parameters);
        return copy;
    }

    /**
     * The text with every secret replaced by {@code ***}. Where secrets overlap (one's end is another's beginning),
     * the whole stretch they cover is replaced: replacing one after the other would leave the rest of the second.
     */
    public String mask(String text) {
        String[] current = secrets;
        if (text == null || current.length == 0) {
            return text;
        }
        BitSet covered = null;
        for (String secret : current) {
            for (int at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
                if (covered == null) {
                    covered = new BitSet(text.length());
                }
                covered.set(at, at + secret.length());
            }
        }
        if (covered == null) {
            return text;
        }
        StringBuilder masked = new StringBuilder(text.length());
        int position = 0;
        for (int start = covered.nextSetBit(0); start >= 0; start = covered.nextSetBit(position)) {
            masked.append(text, position, start).append(MASK);
            position = covered.nextClearBit(start);
        }
        return masked.append(text, position, text.length()).toString();
    }

    /**
     * The last place at or before {@code end} where the text may be cut without cutting a secret in two: an
     * occurrence that starts before {@code end} and ends after it moves the cut to its start.
     */
    int cutBefore(String text, int end) {
        int cut = end;
        boolean moved = true;
        while (moved) {
            moved = false;
            for (String secret : secrets) {
                for (int at = text.indexOf(secret, Math.max(0, cut - secret.length() + 1));
                        at >= 0 && at < cut;
                        at = text.indexOf(secret, at + 1)) {
                    if (at + secret.length() > cut) {
                        cut = at;
                        moved = true;
                        break;
                    }
                }
            }
        }
        return cut;
    }

    /**
     * How many chars at the end of the text may be the beginning of a secret that continues in text still to come:
     * what a stream of output must hold back before showing. Only secrets of several lines can continue after a
     * line's end; within a line (the pieces of a long line) any secret can.
     *
     * @param lineEnded whether the text ends a line (with its newline)
     */
    int heldBack(CharSequence text, boolean lineEnded) {
        int longest = 0;
        for (String secret : secrets) {
            if (lineEnded && secret.indexOf('\n') < 0) {
                continue;
            }
            int from = Math.min(secret.length() - 1, text.length());
            for (int length = from; length > longest; length--) {
                if (lineEnded && secret.charAt(length - 1) != '\n') {
                    continue;
                }
                if (endsWith(text, secret, length)) {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }

    /** Whether the text ends with the first {@code length} chars of the secret. */
    private static boolean endsWith(CharSequence text, String secret, int length) {
        int start = text.length() - length;
        for (int i = 0; i < length; i++) {
            if (text.charAt(start + i) != secret.charAt(i)) {
                return false;
            }
        }
        return true;
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
                    "cannot read secret parameter " + component.getName() + " of "
                            + record.getClass().getName(),
                    e);
        }
    }
}
