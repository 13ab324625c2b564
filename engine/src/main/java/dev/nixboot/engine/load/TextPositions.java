package dev.nixboot.engine.load;

import dev.nixboot.engine.api.SourceLocation;
import java.nio.file.Path;
import java.util.Arrays;
import org.yaml.snakeyaml.error.Mark;

/**
 * Turns SnakeYAML's marks into places in the file as an editor shows them. SnakeYAML reads YAML 1.1, which also
 * breaks lines at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR, and counts columns in code points; editors (and
 * YAML 1.2) break only at CR and LF. A mark after one of those characters would otherwise name the wrong line.
 */
final class TextPositions {
    private final String text;
    /** Char offsets where each line starts, as SnakeYAML counts lines. */
    private final int[] yamlLines;
    /** Char offsets where each line starts, as an editor counts them. */
    private final int[] editorLines;

    TextPositions(String text) {
        this.text = text;
        int[] yaml = new int[16];
        int[] editor = new int[16];
        int yamlCount = 1;
        int editorCount = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean crlf = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n';
            if (crlf) {
                continue; // the LF ends this line
            }
            if (c == '\n' || c == '\r') {
                editor = grow(editor, editorCount);
                editor[editorCount++] = i + 1;
            }
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                yaml = grow(yaml, yamlCount);
                yaml[yamlCount++] = i + 1;
            }
        }
        this.yamlLines = Arrays.copyOf(yaml, yamlCount);
        this.editorLines = Arrays.copyOf(editor, editorCount);
    }

    private static int[] grow(int[] array, int count) {
        return count < array.length ? array : Arrays.copyOf(array, array.length * 2);
    }

    /** The char offset the mark points at, clamped to the text. */
    int offset(Mark mark) {
        int line = Math.min(Math.max(mark.getLine(), 0), yamlLines.length - 1);
        int start = yamlLines[line];
        int end = line + 1 < yamlLines.length ? yamlLines[line + 1] : text.length();
        int column = Math.max(mark.getColumn(), 0);
        // Columns count code points: walk them, but never past the line (a mark may point just after its end).
        int offset = start;
        for (int i = 0; i < column && offset < end; i++) {
            offset += Character.isHighSurrogate(text.charAt(offset)) && offset + 1 < end ? 2 : 1;
        }
        return Math.min(offset, text.length());
    }

    SourceLocation location(Path file, Mark mark) {
        if (mark == null) {
            return new SourceLocation(file, 1, 1);
        }
        int offset = offset(mark);
        int line = Arrays.binarySearch(editorLines, offset);
        if (line < 0) {
            line = -line - 2;
        }
        int column = text.codePointCount(editorLines[line], offset) + 1;
        return new SourceLocation(file, line + 1, column);
    }
}
