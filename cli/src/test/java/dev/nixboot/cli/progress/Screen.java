package dev.nixboot.cli.progress;

import java.util.ArrayList;
import java.util.List;

/**
 * What a terminal would show for a stream of text: it applies line feeds, carriage returns, "cursor up" and "clear
 * line", and drops colour codes. Enough to check a redrawn view the way a person would see it.
 */
final class Screen {
    private Screen() {}

    static List<String> render(String text) {
        List<StringBuilder> rows = new ArrayList<>();
        rows.add(new StringBuilder());
        int row = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\u001b' && i + 1 < text.length() && text.charAt(i + 1) == '[') {
                int end = i + 2;
                while (end < text.length() && !Character.isLetter(text.charAt(end))) {
                    end++;
                }
                char command = text.charAt(end);
                if (command == 'A') {
                    row = Math.max(0, row - 1);
                } else if (command == 'K') {
                    rows.get(row).setLength(0);
                }
                i = end + 1;
                continue;
            }
            if (c == '\n') {
                row++;
                if (row == rows.size()) {
                    rows.add(new StringBuilder());
                }
            } else if (c == '\r') {
                // Column tracking is not needed: the view only ever writes whole lines after a clear.
            } else {
                rows.get(row).append(c);
            }
            i++;
        }
        List<String> lines = new ArrayList<>();
        for (StringBuilder line : rows) {
            lines.add(line.toString());
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
