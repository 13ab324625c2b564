package dev.nixboot.cli.command;

import dev.nixboot.cli.display.ProblemDisplay;
import dev.nixboot.cli.graph.GraphFormat;
import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.cli.invocation.Invocation;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.compile.CompiledPlaybook;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nixboot graph PLAYBOOK}: the playbook's DAG as Mermaid or Graphviz text. */
@Command(
        name = "graph",
        mixinStandardHelpOptions = true,
        description = {
            "Draw a playbook's steps and what each waits for, with conditions and tags.",
            "Mermaid renders on GitHub inside a ```mermaid block; dot renders with Graphviz (dot -Tsvg)."
        })
public final class GraphCommand implements Callable<Integer> {
    @ParentCommand
    NixbootCommand root;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "mermaid",
            completionCandidates = Formats.class,
            description = "mermaid (the default) or dot.")
    String format;

    @Mixin
    PlaybookArguments playbook;

    @Override
    public Integer call() {
        GraphFormat graph;
        try {
            graph = GraphFormat.named(format);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Invocation invocation = root.invocation();
        Path file = playbook.file(invocation);
        CompiledPlaybook compiled;
        try {
            compiled = playbook.engine(invocation).compile(file, playbook.inputs(invocation));
        } catch (PlaybookException e) {
            new ProblemDisplay(spec.commandLine().getErr(), invocation).print(file, e.problems());
            return ExitCode.USAGE;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(graph.render(compiled));
        out.flush();
        return ExitCode.OK;
    }

    /** For shell completion of --format. */
    static final class Formats extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Formats() {
            super(List.of("mermaid", "dot"));
        }
    }
}
