package dev.nixboot.steps.sops;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;

/**
 * A YAML document as a tree that remembers where every node, alias included, sits in the text. SnakeYAML's own
 * composer replaces an alias by the node it names, losing the alias's position; the sops editor needs both.
 */
final class YamlTree {

    /** A position in the text: zero-based line and column (in code points, as SnakeYAML counts). */
    record Position(int line, int column) {
        static Position of(Mark mark) {
            return new Position(mark.getLine(), mark.getColumn());
        }
    }

    sealed interface Node permits Scalar, Alias, Sequence, Mapping {
        Position start();

        Position end();
    }

    /**
     * @param style how the value is written: {@code '} or {@code "} quoted, {@code |} literal or {@code >} folded
     *     block, or {@code :} plain
     */
    record Scalar(String value, String anchor, boolean plainNull, char style, Position start, Position end)
            implements Node {
        boolean block() {
            return style == '|' || style == '>';
        }
    }

    record Alias(String anchor, Position start, Position end) implements Node {}

    /** For a block sequence {@code start} is its first dash; for a flow one, {@code [} and {@code end} at {@code ]}. */
    record Sequence(List<Node> items, boolean flow, String anchor, Position start, Position end) implements Node {}

    record Entry(Node key, Node value) {}

    record Mapping(List<Entry> entries, boolean flow, String anchor, Position start, Position end) implements Node {
        /** The value under a plain scalar key, or null. */
        Node get(String key) {
            for (Entry entry : entries) {
                if (entry.key() instanceof Scalar scalar && scalar.value().equals(key)) {
                    return entry.value();
                }
            }
            return null;
        }

        Entry entry(String key) {
            for (Entry entry : entries) {
                if (entry.key() instanceof Scalar scalar && scalar.value().equals(key)) {
                    return entry;
                }
            }
            return null;
        }
    }

    /** Thrown for text that is not YAML, or not one document; the message says where. */
    static final class InvalidYaml extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        InvalidYaml(String message) {
            this(0, message);
        }

        private InvalidYaml(int line, String message) {
            super(message);
            this.line = line;
        }

        /** One-based line of the problem; 0 when unknown. */
        int line() {
            return line;
        }

        /** SnakeYAML's problem, at its line, and column in the message ({@code column 7: ...}), when it knows them. */
        static InvalidYaml of(MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            return new InvalidYaml(
                    mark == null ? 0 : mark.getLine() + 1,
                    (mark == null ? "" : "column " + (mark.getColumn() + 1) + ": ") + e.getProblem());
        }
    }

    private YamlTree() {}

    /** Parses one YAML document; an empty document is null. */
    static Node parse(String text) throws InvalidYaml {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(200);
        options.setNestingDepthLimit(50);
        Iterator<Event> events;
        try {
            List<Event> all = new ArrayList<>();
            new Yaml(options).parse(new StringReader(text)).forEach(all::add);
            events = all.iterator();
        } catch (MarkedYAMLException e) {
            throw InvalidYaml.of(e);
        } catch (RuntimeException e) {
            throw new InvalidYaml(e.getMessage());
        }
        try {
            // The event stream does not notice duplicate keys or undefined aliases; loading the document does.
            new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            throw InvalidYaml.of(e);
        } catch (RuntimeException e) {
            throw new InvalidYaml(e.getMessage());
        }
        events.next(); // stream start
        Event first = events.next();
        if (first instanceof StreamEndEvent) {
            return null;
        }
        if (!(first instanceof DocumentStartEvent)) {
            throw new InvalidYaml("expected a YAML document");
        }
        Node root = node(events.next(), events);
        events.next(); // document end
        if (!(events.next() instanceof StreamEndEvent)) {
            throw new InvalidYaml("holds more than one YAML document");
        }
        return root;
    }

    private static Node node(Event event, Iterator<Event> events) {
        if (event instanceof ScalarEvent scalar) {
            boolean plainNull = scalar.isPlain() && scalar.getValue().isEmpty();
            Character style = scalar.getScalarStyle().getChar();
            return new Scalar(
                    scalar.getValue(),
                    scalar.getAnchor(),
                    plainNull,
                    style == null ? ':' : style,
                    Position.of(scalar.getStartMark()),
                    Position.of(scalar.getEndMark()));
        }
        if (event instanceof AliasEvent alias) {
            return new Alias(alias.getAnchor(), Position.of(alias.getStartMark()), Position.of(alias.getEndMark()));
        }
        CollectionStartEvent start = (CollectionStartEvent) event;
        boolean flow = start.isFlow();
        if (start instanceof SequenceStartEvent) {
            List<Node> items = new ArrayList<>();
            Event next;
            while (!((next = events.next()).is(Event.ID.SequenceEnd))) {
                items.add(node(next, events));
            }
            return new Sequence(
                    items,
                    flow,
                    start.getAnchor(),
                    Position.of(start.getStartMark()),
                    Position.of(next.getStartMark()));
        }
        if (start instanceof MappingStartEvent) {
            List<Entry> entries = new ArrayList<>();
            Event next;
            while (!((next = events.next()).is(Event.ID.MappingEnd))) {
                Node key = node(next, events);
                entries.add(new Entry(key, node(events.next(), events)));
            }
            return new Mapping(
                    entries,
                    flow,
                    start.getAnchor(),
                    Position.of(start.getStartMark()),
                    Position.of(next.getStartMark()));
        }
        throw new IllegalStateException("unexpected YAML event " + event);
    }
}
