package dev.nixboot.engine.api;

import java.util.List;

/**
 * Prints problems the way compilers do, so editors and people read them alike:
 *
 * <pre>
 * playbook.yaml:14:9: steps[3].with.port: must be at most 65535
 *       port: 70000
 *             ^
 * </pre>
 */
public final class ProblemFormatter {
    private ProblemFormatter() {}

    /** One problem: the message line, then the source line and a caret under the column when they are known. */
    public static String format(Problem problem) {
        StringBuilder out = new StringBuilder();
        if (problem.location() != null) {
            out.append(problem.location()).append(": ");
        }
        if (!problem.path().isEmpty()) {
            out.append(problem.path()).append(": ");
        }
        out.append(problem.message());
        if (problem.sourceLine() != null
                && problem.location() != null
                && problem.location().column() > 0) {
            String line = problem.sourceLine();
            out.append('\n').append(line).append('\n');
            int column = problem.location().column();
            for (int i = 0; i < column - 1; i++) {
                // Tabs stay tabs so the caret lines up however wide the terminal shows them.
                out.append(i < line.length() && line.charAt(i) == '\t' ? '\t' : ' ');
            }
            out.append('^');
        }
        return out.toString();
    }

    /** Every problem, each as {@link #format(Problem)}, one after the other. */
    public static String format(List<Problem> problems) {
        StringBuilder out = new StringBuilder();
        for (Problem problem : problems) {
            out.append(format(problem)).append('\n');
        }
        return out.toString();
    }

    /** "1 problem" or "3 problems", for a last line. */
    public static String count(List<Problem> problems) {
        return problems.size() + (problems.size() == 1 ? " problem" : " problems");
    }
}
