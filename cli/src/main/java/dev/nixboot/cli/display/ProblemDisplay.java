package dev.nixboot.cli.display;

import dev.nixboot.cli.invocation.Invocation;
import dev.nixboot.engine.api.Problem;
import dev.nixboot.engine.api.ProblemFormatter;
import dev.nixboot.engine.api.SourceLocation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints problems the way compilers do ({@link ProblemFormatter}), with file names as the user typed them: relative to
 * where nixboot was started, so the first line reads {@code valid/hello.yaml:14:9: ...} and terminals can jump to it.
 */
public final class ProblemDisplay {
    private final PrintWriter err;
    private final Invocation invocation;

    public ProblemDisplay(PrintWriter err, Invocation invocation) {
        this.err = err;
        this.invocation = invocation;
    }

    public void print(Path playbook, List<Problem> problems) {
        for (Problem problem : problems) {
            SourceLocation at = problem.location();
            if (at == null) {
                // An undeclared --var, say: no place in a file, but the playbook it was meant for.
                err.println(invocation.display(playbook) + ": " + ProblemFormatter.format(problem));
            } else {
                SourceLocation shown =
                        new SourceLocation(Path.of(invocation.display(at.file())), at.line(), at.column());
                err.println(ProblemFormatter.format(
                        new Problem(shown, problem.path(), problem.message(), problem.sourceLine())));
            }
        }
        err.println(ProblemFormatter.count(problems) + " in " + invocation.display(playbook) + "; nothing was run");
        err.flush();
    }
}
