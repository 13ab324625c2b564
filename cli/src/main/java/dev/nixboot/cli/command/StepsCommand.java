package dev.nixboot.cli.command;

import dev.nixboot.cli.docs.StepDocs;
import dev.nixboot.cli.docs.StepReference;
import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.cli.schema.StepParameterSchemas;
import dev.nixboot.engine.api.Spelling;
import dev.nixboot.engine.spi.Step;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nixboot steps [TYPE]}: the step types, or one type's parameters, outputs and example. */
@Command(
        name = "steps",
        mixinStandardHelpOptions = true,
        description = "List the step types (built in and from plugins), or describe one: its parameters, outputs"
                + " and an example.")
public final class StepsCommand implements Callable<Integer> {
    @ParentCommand
    NixbootCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    EngineOptions engineOptions;

    @Parameters(arity = "0..1", paramLabel = "TYPE", description = "A step type, such as ssh.exec.")
    String type;

    @Option(
            names = "--markdown",
            description =
                    "Print the reference of every step type in Markdown (as committed" + " in src/docs/steps.md).")
    boolean markdown;

    @Override
    public Integer call() {
        List<Step<?, ?>> steps = engineOptions.engine(root.invocation()).steps();
        StepDocs docs = new StepDocs(new StepParameterSchemas());
        PrintWriter out = spec.commandLine().getOut();
        if (markdown) {
            if (type != null) {
                throw new UsageException("--markdown prints every step type; leave out " + type);
            }
            out.print(new StepReference(docs).render(steps));
            out.flush();
            return ExitCode.OK;
        }
        if (type == null) {
            out.print(docs.list(steps));
            out.flush();
            return ExitCode.OK;
        }
        Optional<Step<?, ?>> step =
                steps.stream().filter(s -> s.type().equals(type)).findFirst();
        if (step.isEmpty()) {
            List<String> types = steps.stream().map(Step::type).toList();
            throw new UsageException("unknown step type '" + type + "'" + Spelling.hint(type, types)
                    + "; run 'nixboot steps' for the list");
        }
        out.print(docs.describe(step.get()));
        out.flush();
        return ExitCode.OK;
    }
}
