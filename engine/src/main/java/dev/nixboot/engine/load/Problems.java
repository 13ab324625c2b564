package dev.nixboot.engine.load;

import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.Problem;
import dev.nixboot.engine.api.SourceLocation;
import dev.nixboot.engine.secrets.SecretMask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects every problem of one compilation, so the user sees them all at once instead of fixing one per run. Knows
 * the text of each file it was told about, to show the offending line under the message.
 */
public final class Problems {
    private static final int MAX_SHOWN_LINE = 1000;
    private final List<Problem> problems = new ArrayList<>();
    /** Each file's text, split into lines only when a problem in it is reported (a valid playbook never is). */
    private final Map<Path, String> sources = new HashMap<>();

    private final Map<Path, List<String>> lines = new HashMap<>();
    private final List<Path> order = new ArrayList<>();
    /** Texts that are secret, masked in every message and shown line by the engine's one masking. */
    private final SecretMask secrets = new SecretMask(List.of());

    private boolean anySecret;
    /** Lines never shown under a message, because they may hold a secret: 1-based, per file; empty for all. */
    private final Map<Path, Set<Integer>> concealedLines = new HashMap<>();

    /** Remembers a file's text so problems located in it can show their line. */
    public void source(Path file, String text) {
        sources.put(file, text);
        lines.remove(file);
        if (!order.contains(file)) {
            order.add(file);
        }
    }

    /** A secret value: it is shown as {@code ***} in every problem, whenever the problem was reported. */
    public void conceal(String secret) {
        if (secret != null && !secret.isEmpty()) {
            secrets.add(secret);
            anySecret = true;
        }
    }

    /** Lines of the file that may hold a secret: problems there show no source line. */
    public void concealLines(Path file, int first, int last) {
        Set<Integer> concealed = concealedLines.computeIfAbsent(file, f -> new HashSet<>());
        for (int line = first; line <= last; line++) {
            concealed.add(line);
        }
    }

    /** A file that may hold secrets anywhere (it could not be read as YAML): no line of it is shown. */
    public void concealFile(Path file) {
        concealedLines.computeIfAbsent(file, f -> new HashSet<>()).add(0);
    }

    /** Shows the file's lines again after {@link #concealFile}, except those concealed one by one. */
    public void showFile(Path file) {
        Set<Integer> concealed = concealedLines.get(file);
        if (concealed != null) {
            concealed.remove(0);
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
        List<Problem> sorted = new ArrayList<>(problems.size());
        for (Problem problem : problems) {
            sorted.add(masked(problem));
        }
        sorted.sort(Comparator.comparingInt((Problem p) ->
                        p.location() == null ? -1 : fileOrder(p.location().file()))
                .thenComparingInt(p -> p.location() == null ? 0 : p.location().line())
                .thenComparingInt(p -> p.location() == null ? 0 : p.location().column()));
        return List.copyOf(sorted);
    }

    private Problem masked(Problem problem) {
        if (!anySecret && concealedLines.isEmpty()) {
            return problem;
        }
        String line = concealed(problem.location()) ? null : secrets.mask(problem.sourceLine());
        return new Problem(problem.location(), secrets.mask(problem.path()), secrets.mask(problem.message()), line);
    }

    private boolean concealed(SourceLocation location) {
        if (location == null) {
            return false;
        }
        Set<Integer> concealed = concealedLines.get(location.file());
        return concealed != null && (concealed.contains(0) || concealed.contains(location.line()));
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
        List<String> split =
                lines.computeIfAbsent(location.file(), file -> text.lines().toList());
        if (location.line() < 1 || location.line() > split.size()) {
            return null;
        }
        String line = split.get(location.line() - 1);
        // A line this long is no help under a message (and may be megabytes): the line number says where.
        return line.length() > MAX_SHOWN_LINE ? null : line;
    }
}
