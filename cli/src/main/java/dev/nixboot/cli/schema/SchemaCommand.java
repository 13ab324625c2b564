package dev.nixboot.cli.schema;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nixboot schema}: prints the playbook JSON schema, the one committed as schemas/playbook.schema.json. */
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

    private final StepSource source;

    public SchemaCommand() {
        this(StepSource.INSTALLED);
    }

    public SchemaCommand(StepSource source) {
        this.source = source;
    }

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(new PlaybookSchema(source.steps(pluginPath), new StepParameterSchemas())
                .render());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
