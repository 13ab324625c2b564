package dev.nixboot.cli.docs;

import dev.nixboot.cli.schema.StepParameterSchemas;
import dev.nixboot.cli.schema.StepSource;
import dev.nixboot.engine.spi.Step;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nixboot steps [TYPE]}: the step types, or one type's parameters, outputs and example. */
@Command(name = "steps", mixinStandardHelpOptions = true,
        description = "List the step types, or describe one: its parameters, outputs and an example.")
public final class StepsCommand implements Callable<Integer> {
    /** Exit code for a type that does not exist: bad usage, as for the other commands. */
    private static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "TYPE", description = "A step type, such as ssh.exec.")
    private String type;

    @Option(names = "--plugin-path", paramLabel = "DIR", split = ",",
            description = "Also list the steps in the jars of these directories.")
    private List<Path> pluginPath = new ArrayList<>();

    private final StepSource source;

    public StepsCommand() {
        this(StepSource.INSTALLED);
    }

    public StepsCommand(StepSource source) {
        this.source = source;
    }

    @Override
    public Integer call() {
        List<Step<?>> steps = source.steps(pluginPath);
        StepDocs docs = new StepDocs(new StepParameterSchemas());
        PrintWriter out = spec.commandLine().getOut();
        if (type == null) {
            out.print(docs.list(steps));
            out.flush();
            return 0;
        }
        Optional<Step<?>> step = steps.stream().filter(s -> s.type().equals(type)).findFirst();
        if (step.isEmpty()) {
            List<String> types = steps.stream().map(Step::type).toList();
            String hint = Suggestions.closest(type, types).map(t -> "did you mean '" + t + "'? ").orElse("");
            PrintWriter err = spec.commandLine().getErr();
            err.println("nixboot steps: unknown step type '" + type + "'; " + hint
                    + "run `nixboot steps` for the list.");
            err.flush();
            return USAGE;
        }
        out.print(docs.describe(step.get()));
        out.flush();
        return 0;
    }
}
