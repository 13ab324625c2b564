package dev.nixboot.steps.sops;

import dev.nixboot.steps.sops.YamlTree.Mapping;
import dev.nixboot.steps.sops.YamlTree.Node;
import dev.nixboot.steps.sops.YamlTree.Scalar;
import dev.nixboot.steps.sops.YamlTree.Sequence;
import java.util.List;

/**
 * YAML-aware splices into one document's text: entries appended to lists in the list's own style, values replaced
 * inside scalars whatever their quoting, all through {@link TextEdits}, so every other character stays.
 */
final class YamlSplices {
    private final String original;
    private final TextEdits edits;

    YamlSplices(String original) {
        this.original = original;
        this.edits = new TextEdits(original);
    }

    TextEdits edits() {
        return edits;
    }

    String apply() {
        return edits.apply();
    }

    /** Adds an entry at the end of a list, in the list's own style (flow or block, same indentation). */
    void appendToList(Sequence list, String entry) {
        if (list.flow()) {
            int end = edits.offset(list.end());
            String before =
                    original.substring(edits.offset(list.start()) + 1, end).strip();
            edits.insert(end, before.isEmpty() || before.endsWith(",") ? entry : ", " + entry);
            return;
        }
        Node last = list.items().get(list.items().size() - 1);
        int dash = list.start().column();
        int item = list.items().get(0).start().column();
        edits.insertLinesAfter(
                lastLine(last), List.of(spaces(dash) + "-" + spaces(Math.max(1, item - dash - 1)) + entry));
    }

    /**
     * Appends {@code ,value} to a comma-separated string, inside its quotes or block: sops splits such strings on
     * commas (getsops/sops config/config.go:236, parseKeyField).
     */
    void appendToString(Scalar scalar, String value) {
        if (scalar.block()) {
            int line = lastLine(scalar);
            String text = edits.line(line);
            int indent = text.length() - text.stripLeading().length();
            int endOfLine = edits.offset(new YamlTree.Position(line, text.codePointCount(0, text.length())));
            if (!text.strip().endsWith(",")) {
                edits.insert(endOfLine, ",");
            }
            edits.insertLinesAfter(line, List.of(spaces(indent) + value));
            return;
        }
        int end = edits.offset(scalar.end());
        boolean quoted = scalar.style() == '"' || scalar.style() == '\'';
        edits.insert(quoted ? end - 1 : end, scalar.value().strip().isEmpty() ? value : "," + value);
    }

    /**
     * Replaces every occurrence of {@code from} inside a scalar's text by {@code to}. Only for keys, whose characters
     * (bech32, hex) are written the same in every quoting style.
     */
    int replaceInScalar(Scalar scalar, String from, String to) {
        int start = edits.offset(scalar.start());
        int end = edits.offset(scalar.end());
        String written = original.substring(start, end);
        int count = 0;
        // An anchor before the value cannot hold a key (anchors are names), so every occurrence is the value's.
        for (int at = written.indexOf(from); at >= 0; at = written.indexOf(from, at + from.length())) {
            edits.replace(start + at, start + at + from.length(), to);
            count++;
        }
        return count;
    }

    /** Replaces a node's text, such as an alias {@code *kazuki} by a flow list naming it and another key. */
    void replaceNode(Node node, String text) {
        edits.replace(edits.offset(node.start()), edits.offset(node.end()), text);
    }

    /** Adds {@code key: value} lines as the last entry of a block mapping, at the column of its keys. */
    void appendToMapping(Mapping mapping, List<String> lines) {
        if (mapping.flow()) {
            int end = edits.offset(mapping.end());
            edits.insert(
                    end,
                    ", " + String.join(" ", lines.stream().map(String::strip).toList()));
            return;
        }
        int column = mapping.entries().get(0).key().start().column();
        edits.insertLinesAfter(
                lastLine(mapping),
                lines.stream().map(line -> spaces(column) + line).toList());
    }

    /** The last line holding text of the node (a block collection's end mark sits on the line after it). */
    int lastLine(Node node) {
        Node last = node;
        while (true) {
            if (last instanceof Sequence list && !list.flow() && !list.items().isEmpty()) {
                last = list.items().get(list.items().size() - 1);
            } else if (last instanceof Mapping map
                    && !map.flow()
                    && !map.entries().isEmpty()) {
                last = map.entries().get(map.entries().size() - 1).value();
            } else {
                break;
            }
        }
        YamlTree.Position end = last.end();
        // A scalar's end can be the start of the next line (a plain scalar ending at a line break, a block scalar).
        int line = Math.min(
                edits.lineCount() - 1,
                end.column() == 0 && end.line() > last.start().line() ? end.line() - 1 : end.line());
        while (line > last.start().line() && edits.line(line).isBlank()) {
            line--;
        }
        return line;
    }

    static String spaces(int count) {
        return " ".repeat(Math.max(0, count));
    }
}
