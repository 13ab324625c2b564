package dev.nixboot.cli.testing;

import dev.nixboot.cli.completion.CompletionCommand;
import dev.nixboot.cli.docs.StepsCommand;
import dev.nixboot.cli.graph.GraphCommand;
import dev.nixboot.cli.manual.ManCommand;
import dev.nixboot.cli.schema.SchemaCommand;
import dev.nixboot.cli.version.BuildVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A root command carrying the subcommands of this feature area, as Main registers them: completion and the manual
 * are generated from whatever root they hang under.
 */
@Command(name = "nixboot", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Run YAML playbooks of pluggable steps.",
        subcommands = {SchemaCommand.class, StepsCommand.class, GraphCommand.class, CompletionCommand.class,
            ManCommand.class})
public final class TestRoot {
    public static CommandLine commandLine() {
        return new CommandLine(new TestRoot());
    }
}
