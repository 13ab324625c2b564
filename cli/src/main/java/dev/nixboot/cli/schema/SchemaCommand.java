package dev.nixboot.cli.schema;

import dev.nixboot.cli.events.EventSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nixboot schema}: prints the playbook JSON schema, the one committed as schemas/playbook.schema.json, or with
 * {@code --events} the schema of {@code --output json} lines (schemas/events.schema.json).
 */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Print the JSON schema of playbooks, for editors and CI.",
                "Editors pick it up from a first line such as:",
                "  # yaml-language-server: $schema=../schemas/playbook.schema.json"})
public final class SchemaCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--plugin-path", paramLabel = "DIR", split = ",",
            description = "Also describe the steps in the jars of these directories.")
    private List<Path> pluginPath = new ArrayList<>();

    @Option(names = "--events", description = "Print the schema of the lines of run --output json instead.")
    private boolean events;

    private final StepSource source;

    public SchemaCommand() {
        this(StepSource.INSTALLED);
    }

    public SchemaCommand(StepSource source) {
        this.source = source;
    }

    @Override
    public Integer call() {
        String schema = events
                ? new EventSchema().render()
                : new PlaybookSchema(source.steps(pluginPath), new StepParameterSchemas()).render();
        spec.commandLine().getOut().print(schema);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
