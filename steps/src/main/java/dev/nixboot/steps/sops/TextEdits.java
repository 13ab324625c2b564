package dev.nixboot.steps.sops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splices text into a document at positions taken from the parser, leaving every other character as it was. Lines
 * are inserted with the document's own line ending.
 */
final class TextEdits {
    private record Edit(int offset, int length, String text, int order) {}

    private final String original;
    private final int[] lineStarts;
    private final String newline;
    private final List<Edit> edits = new ArrayList<>();

    TextEdits(String original) {
        this.original = original;
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < original.length(); i++) {
            if (original.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        newline = original.contains("\r\n") ? "\r\n" : "\n";
    }

    String newline() {
        return newline;
    }

    /** The character offset of a parser position (whose column counts code points). */
    int offset(YamlTree.Position position) {
        if (position.line() >= lineStarts.length) {
            return original.length();
        }
        int start = lineStarts[position.line()];
        return original.offsetByCodePoints(start, position.column());
    }

    int lineCount() {
        return lineStarts.length;
    }

    /** The text of a line, without its line ending. */
    String line(int line) {
        int start = lineStarts[line];
        int end = line + 1 < lineStarts.length ? lineStarts[line + 1] : original.length();
        String text = original.substring(start, end);
        return text.replaceAll("\r?\n$", "");
    }

    /** Replaces the text between two offsets. */
    void replace(int from, int to, String text) {
        edits.add(new Edit(from, to - from, text, edits.size()));
    }

    void insert(int offset, String text) {
        replace(offset, offset, text);
    }

    /** Inserts whole lines (given without line endings) right after the given line. */
    void insertLinesAfter(int line, List<String> lines) {
        int offset = line + 1 < lineStarts.length ? lineStarts[line + 1] : original.length();
        StringBuilder text = new StringBuilder();
        boolean atEndWithoutNewline = offset == original.length() && !original.isEmpty() && !original.endsWith("\n");
        if (atEndWithoutNewline) {
            text.append(newline);
        }
        for (String l : lines) {
            text.append(l).append(newline);
        }
        insert(offset, text.toString());
    }

    /** Inserts whole lines before the given line. */
    void insertLinesBefore(int line, List<String> lines) {
        StringBuilder text = new StringBuilder();
        for (String l : lines) {
            text.append(l).append(newline);
        }
        insert(lineStarts[Math.min(line, lineStarts.length - 1)], text.toString());
    }

    /** Appends whole lines at the end of the document. */
    void appendLines(List<String> lines) {
        insertLinesAfter(lineStarts.length - 1, lines);
    }

    boolean isEmpty() {
        return edits.isEmpty();
    }

    String apply() {
        StringBuilder out = new StringBuilder(original);
        // From the end backwards so earlier offsets stay valid; at one offset, earlier edits end up first.
        edits.stream()
                .sorted(Comparator.comparingInt(Edit::offset)
                        .thenComparingInt(Edit::order)
                        .reversed())
                .forEach(e -> out.replace(e.offset(), e.offset() + e.length(), e.text()));
        return out.toString();
    }
}
