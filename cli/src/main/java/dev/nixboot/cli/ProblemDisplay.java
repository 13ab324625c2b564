package dev.nixboot.cli;

import dev.nixboot.engine.api.Problem;
import dev.nixboot.engine.api.SourceLocation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints problems the way compilers do, so editors and terminals can jump to them:
 * {@code playbook.yaml:14:9: steps[3].with.port: must be at most 65535}, then the line and a caret under the column.
 */
final class ProblemDisplay {
    private final PrintWriter err;
    private final Invocation invocation;

    ProblemDisplay(PrintWriter err, Invocation invocation) {
        this.err = err;
        this.invocation = invocation;
    }

    void print(Path playbook, List<Problem> problems) {
        for (Problem problem : problems) {
            SourceLocation at = problem.location();
            String where = at == null
                    ? invocation.display(playbook)
                    : invocation.display(at.file()) + ":" + at.line() + ":" + at.column();
            String path = problem.path() == null || problem.path().isEmpty() ? "" : problem.path() + ": ";
            err.println(where + ": " + path + problem.message());
            if (at != null && problem.sourceLine() != null) {
                err.println(problem.sourceLine());
                err.println(caret(problem.sourceLine(), at.column()));
            }
        }
        err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in "
                + invocation.display(playbook) + "; nothing was run");
        err.flush();
    }

    /** Keeps the line's tabs so the caret lands under the column whatever the tab width. */
    private static String caret(String line, int column) {
        StringBuilder caret = new StringBuilder();
        for (int i = 0; i < column - 1 && i < line.length(); i++) {
            caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        return caret.append('^').toString();
    }
}
