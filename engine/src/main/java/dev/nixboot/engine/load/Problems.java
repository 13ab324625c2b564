package dev.nixboot.engine.load;

import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.Problem;
import dev.nixboot.engine.api.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects every problem of one compilation, so the user sees them all at once instead of fixing one per run. Knows
 * the text of each file it was told about, to show the offending line under the message.
 */
public final class Problems {
    private final List<Problem> problems = new ArrayList<>();
    /** Each file's text, split into lines only when a problem in it is reported (a valid playbook never is). */
    private final Map<Path, String> sources = new HashMap<>();
    private final Map<Path, List<String>> lines = new HashMap<>();
    private final List<Path> order = new ArrayList<>();

    /** Remembers a file's text so problems located in it can show their line. */
    public void source(Path file, String text) {
        sources.put(file, text);
        lines.remove(file);
        if (!order.contains(file)) {
            order.add(file);
        }
    }

    public void add(SourceLocation location, String path, String message) {
        problems.add(new Problem(location, path == null ? "" : path, message, line(location)));
    }

    /** A problem found by another reader (an inventory's), kept with the line it shows. */
    public void add(Problem problem) {
        problems.add(problem);
    }

    /** A problem with no place in a file: a bad {@code --var}, an unreadable file. */
    public void add(String path, String message) {
        add(null, path, message);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public int size() {
        return problems.size();
    }

    /**
     * Every problem in reading order: those without a place first (they are about the command line), then by file
     * in the order the files were read, line and column.
     */
    public List<Problem> list() {
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt((Problem p) -> p.location() == null ? -1 : fileOrder(p.location().file()))
                .thenComparingInt(p -> p.location() == null ? 0 : p.location().line())
                .thenComparingInt(p -> p.location() == null ? 0 : p.location().column()));
        return List.copyOf(sorted);
    }

    private int fileOrder(Path file) {
        int index = order.indexOf(file);
        return index < 0 ? order.size() : index;
    }

    /** Throws when anything was found. */
    public void throwIfAny() throws PlaybookException {
        if (!problems.isEmpty()) {
            throw new PlaybookException(list());
        }
    }

    private String line(SourceLocation location) {
        if (location == null || location.file() == null) {
            return null;
        }
        String text = sources.get(location.file());
        if (text == null) {
            return null;
        }
        List<String> split = lines.computeIfAbsent(location.file(), file -> text.lines().toList());
        if (location.line() < 1 || location.line() > split.size()) {
            return null;
        }
        return split.get(location.line() - 1);
    }
}
