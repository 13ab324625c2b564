package dev.nixboot.cli.command;

import dev.nixboot.cli.events.EventSchema;
import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.cli.schema.InventorySchema;
import dev.nixboot.cli.schema.PlaybookSchema;
import dev.nixboot.cli.schema.StepParameterSchemas;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nixboot schema}: the playbook JSON schema (committed as schemas/playbook.schema.json), generated from the
 * step types this nixboot has; with {@code --events}, the schema of {@code run --output json} lines.
 */
@Command(
        name = "schema",
        mixinStandardHelpOptions = true,
        description = {
            "Print the JSON schema of playbooks, for editors and CI.",
            "Editors pick it up from a playbook's first line, such as:",
            "  # yaml-language-server: $schema=../schemas/playbook.schema.json"
        })
public final class SchemaCommand implements Callable<Integer> {
    @ParentCommand
    NixbootCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--events", description = "Print the schema of the lines of run --output json instead.")
    boolean events;

    @Option(names = "--inventory", description = "Print the schema of inventory files (run --inventory) instead.")
    boolean inventory;

    @Override
    public Integer call() {
        if (events && inventory) {
            throw new UsageException("--events and --inventory: choose one schema");
        }
        String schema = events
                ? new EventSchema().render()
                : inventory
                        ? new InventorySchema().render()
                        : new PlaybookSchema(
                                        engineOptions.engine(root.invocation()).steps(), new StepParameterSchemas())
                                .render();
        PrintWriter out = spec.commandLine().getOut();
        out.print(schema);
        out.flush();
        return ExitCode.OK;
    }
}
