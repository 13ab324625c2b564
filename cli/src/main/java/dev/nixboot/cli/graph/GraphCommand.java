package dev.nixboot.cli.graph;

import dev.nixboot.engine.api.CompiledPlaybook;
import dev.nixboot.engine.api.PlaybookEngine;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.Problem;
import dev.nixboot.engine.api.VariableInputs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nixboot graph PLAYBOOK}: the playbook's DAG as Mermaid or Graphviz text. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"Draw a playbook's steps and their dependencies, with conditions and tags.",
                "Mermaid renders on GitHub inside a ```mermaid block; dot renders with Graphviz: dot -Tsvg."})
public final class GraphCommand implements Callable<Integer> {
    /** Exit code of an invalid playbook, as for validate and run. */
    private static final int INVALID = 2;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "The playbook file.")
    private Path playbook;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "mermaid", completionCandidates = Formats.class,
            description = "mermaid (the default) or dot.")
    private String format;

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "Sets a variable, for playbooks whose required variables have no default.")
    private List<String> assignments = new ArrayList<>();

    @Option(names = "--vars-file", paramLabel = "FILE", description = "Reads variables from a YAML file.")
    private List<Path> varsFiles = new ArrayList<>();

    @Option(names = "--plugin-path", paramLabel = "DIR", split = ",",
            description = "Also loads the steps in the jars of these directories.")
    private List<Path> pluginPath = new ArrayList<>();

    private final Function<List<Path>, PlaybookEngine> engines;

    public GraphCommand() {
        this(PlaybookEngine::create);
    }

    public GraphCommand(Function<List<Path>, PlaybookEngine> engines) {
        this.engines = engines;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        GraphFormat graph;
        try {
            graph = GraphFormat.named(format);
        } catch (IllegalArgumentException e) {
            err.println("nixboot graph: " + e.getMessage());
            err.flush();
            return INVALID;
        }
        CompiledPlaybook compiled;
        try {
            compiled = engines.apply(pluginPath).compile(playbook, new VariableInputs(varsFiles, assignments));
        } catch (PlaybookException e) {
            for (Problem problem : e.problems()) {
                err.println(describe(problem));
            }
            err.flush();
            return INVALID;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(graph.render(compiled));
        out.flush();
        return 0;
    }

    private static String describe(Problem problem) {
        StringBuilder text = new StringBuilder();
        if (problem.location() != null) {
            text.append(problem.location()).append(": ");
        }
        if (!problem.path().isEmpty()) {
            text.append(problem.path()).append(": ");
        }
        return text.append(problem.message()).toString();
    }

    /** For shell completion of --format. */
    static final class Formats extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Formats() {
            super(List.of("mermaid", "dot"));
        }
    }
}
