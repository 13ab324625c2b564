package dev.nixboot.engine.template;

import dev.nixboot.engine.api.SourceLocation;
import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Problems;
import dev.nixboot.engine.load.Scalar;
import dev.nixboot.engine.load.Sequence;
import dev.nixboot.engine.load.Value;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed templates of one playbook, by text: each distinct string is parsed once (many steps share
 * {@code ${{ host }}}) and evaluated as often as needed. Also resolves whole value trees such as a step's
 * {@code with:}.
 */
public final class Templates {
    private final Map<String, Template> parsed = new ConcurrentHashMap<>();

    public Template get(String text) throws TemplateException {
        Template template = parsed.get(text);
        if (template == null) {
            template = Template.parse(text);
            parsed.put(text, template);
        }
        return template;
    }

    /** A value tree with every template replaced by its result, and the same tree as shown to people. */
    public record Resolved(Value value, Object display) {}

    /**
     * Resolves every template in the tree. Problems are recorded against the string that holds the template; their
     * parts resolve to an empty value.
     */
    public Resolved resolve(Value value, TemplateScope scope, String path, Problems problems) {
        if (value instanceof Scalar scalar) {
            return scalar(scalar, scope, path, problems);
        }
        if (value instanceof Sequence sequence) {
            List<Value> items = new ArrayList<>();
            List<Object> display = new ArrayList<>();
            for (int i = 0; i < sequence.items().size(); i++) {
                Resolved item = resolve(sequence.items().get(i), scope, path + "[" + i + "]", problems);
                items.add(item.value());
                display.add(item.display());
            }
            return new Resolved(new Sequence(items, sequence.location()), display);
        }
        Mapping mapping = (Mapping) value;
        List<Mapping.Entry> entries = new ArrayList<>();
        Map<String, Object> display = new LinkedHashMap<>();
        for (Mapping.Entry entry : mapping.entries()) {
            String name = entry.key().text();
            Resolved item = resolve(entry.value(), scope, path.isEmpty() ? name : path + "." + name, problems);
            entries.add(new Mapping.Entry(entry.key(), item.value()));
            display.put(name, item.display());
        }
        return new Resolved(new Mapping(entries, mapping.location()), display);
    }

    private Resolved scalar(Scalar scalar, TemplateScope scope, String path, Problems problems) {
        if (scalar.kind() != Scalar.Kind.STRING || !Template.hasExpression(scalar.text())) {
            return new Resolved(scalar, scalar.isNull() ? null : scalar.text());
        }
        try {
            Template.Result result = get(scalar.text()).evaluate(scope);
            if (result.unknown()) {
                Scalar.Kind kind =
                        switch (result.unknownType()) {
                            case ANY -> Scalar.Kind.UNKNOWN;
                            case LIST -> Scalar.Kind.UNKNOWN_LIST;
                            default -> Scalar.Kind.UNKNOWN_SINGLE;
                        };
                return new Resolved(new Scalar(result.display(), kind, scalar.location()), result.display());
            }
            return new Resolved(toValue(result.value(), scalar.location()), result.display());
        } catch (TemplateException e) {
            problems.add(scalar.location(), path, e.getMessage());
            // Not known rather than empty: binding must not pile 'empty list item' on the problem just reported.
            return new Resolved(new Scalar("", Scalar.Kind.UNKNOWN, scalar.location()), "");
        }
    }

    /** An expression's typed result as a value tree, so binding treats it exactly like YAML input. */
    public static Value toValue(Object value, SourceLocation location) {
        if (value == null) {
            return new Scalar("", Scalar.Kind.NULL, location);
        }
        if (value instanceof Boolean) {
            return new Scalar(value.toString(), Scalar.Kind.BOOL, location);
        }
        if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger) {
            return new Scalar(value.toString(), Scalar.Kind.INT, location);
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            // EL arithmetic on decimals gives 2.0 for 1.5 + 0.5; a whole result reads as a whole number.
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
                return new Scalar(Long.toString((long) d), Scalar.Kind.INT, location);
            }
            return new Scalar(value.toString(), Scalar.Kind.FLOAT, location);
        }
        if (value instanceof Collection<?> collection) {
            return new Sequence(
                    collection.stream().map(v -> toValue(v, location)).toList(), location);
        }
        if (value instanceof Map<?, ?> map) {
            List<Mapping.Entry> entries = new ArrayList<>();
            map.forEach((k, v) ->
                    entries.add(new Mapping.Entry(Scalar.string(String.valueOf(k), location), toValue(v, location))));
            return new Mapping(entries, location);
        }
        if (value instanceof Path path) {
            return Scalar.string(path.toString(), location);
        }
        return Scalar.string(String.valueOf(value), location);
    }
}
