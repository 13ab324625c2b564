package dev.nixboot.cli.command;

import dev.nixboot.cli.display.ProblemDisplay;
import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.cli.invocation.Invocation;
import dev.nixboot.engine.PlaybookEngine;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.compile.CompiledPlaybook;
import dev.nixboot.engine.inventory.Inventory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nixboot validate}: every problem in a playbook and its inputs, without running or writing anything. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Check a playbook and its variables; print every problem. Runs nothing, writes nothing.",
        footer = {"", "Exit codes: 0 valid, 2 problems found or bad usage."})
public final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    NixbootCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    PlaybookArguments playbook;

    @Mixin
    InventoryOptions inventory;

    @Override
    public Integer call() {
        Invocation invocation = root.invocation();
        Path file = playbook.file(invocation);
        VariableInputs inputs = playbook.inputs(invocation);
        PlaybookEngine engine = playbook.engine(invocation);
        PrintWriter err = spec.commandLine().getErr();
        try {
            Optional<Inventory> hosts = inventory.read(invocation, err);
            if (hosts.isPresent()) {
                Map<String, CompiledPlaybook> compiled =
                        inventory.compile(hosts.get(), engine, file, inputs, invocation, err);
                int steps = compiled.values().iterator().next().steps().size();
                spec.commandLine()
                        .getOut()
                        .println(invocation.display(file) + ": valid for " + compiled.size()
                                + (compiled.size() == 1 ? " host" : " hosts") + " ("
                                + String.join(", ", compiled.keySet())
                                + "), " + steps + (steps == 1 ? " step" : " steps"));
                spec.commandLine().getOut().flush();
                return ExitCode.OK;
            }
        } catch (InventoryOptions.InvalidInput e) {
            return ExitCode.USAGE;
        }
        try {
            CompiledPlaybook compiled = engine.compile(file, inputs);
            int steps = compiled.steps().size();
            spec.commandLine()
                    .getOut()
                    .println(invocation.display(file) + ": valid, " + steps + (steps == 1 ? " step" : " steps"));
            spec.commandLine().getOut().flush();
            return ExitCode.OK;
        } catch (PlaybookException e) {
            new ProblemDisplay(spec.commandLine().getErr(), invocation).print(file, e.problems());
            return ExitCode.USAGE;
        }
    }
}
