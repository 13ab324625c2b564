package dev.nixboot.cli.command;

import dev.nixboot.cli.invocation.Invocation;
import dev.nixboot.engine.PlaybookEngine;
import dev.nixboot.engine.api.VariableInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What every command that compiles a playbook takes, declared once as a picocli mixin: the PLAYBOOK argument, its
 * variables ({@code --var}, {@code --vars-file}) and how to build the engine ({@link EngineOptions}).
 */
final class PlaybookArguments {

    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "The playbook file (YAML).")
    String playbook;

    @Option(
            names = "--var",
            paramLabel = "NAME=VALUE",
            description = "Set a variable; typed by its declaration (--var swapSize=8 is an int). Repeatable;"
                    + " overrides --vars-file and defaults.")
    List<String> assignments = new ArrayList<>();

    @Option(
            names = "--vars-file",
            paramLabel = "FILE",
            description = "Read variables from a YAML mapping: a file, or a pipe such as <(pass show host) or"
                    + " /dev/stdin. Repeatable; later files win.")
    List<String> files = new ArrayList<>();

    @Mixin
    EngineOptions engineOptions;

    /** The PLAYBOOK argument, checked before an engine is built so a typo costs no start-up time. */
    Path file(Invocation invocation) {
        Path file = invocation.resolve(playbook);
        if (Files.isDirectory(file)) {
            throw new UsageException(playbook + " is a directory; give the playbook's YAML file");
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no such playbook: " + playbook);
        }
        return file;
    }

    /**
     * The variables as given. A {@code --var} without '=' is reported by the engine, which knows the declared names:
     * it echoes the argument only when it is one, since anything else may be a secret value that lost its name.
     */
    VariableInputs inputs(Invocation invocation) {
        List<Path> paths = new ArrayList<>();
        for (String file : files) {
            Path path = invocation.resolve(file);
            // Not only regular files: <(pass show gusto), /dev/stdin and named pipes keep secrets off the disk.
            if (!Files.exists(path)) {
                throw new UsageException("--vars-file " + file + ": no such file");
            }
            if (Files.isDirectory(path)) {
                throw new UsageException("--vars-file " + file + ": is a directory, not a file");
            }
            paths.add(path);
        }
        return new VariableInputs(paths, assignments);
    }

    /** The engine, with the plugins of {@code --plugin-path} and the standard places. */
    PlaybookEngine engine(Invocation invocation) {
        return engineOptions.engine(invocation);
    }
}
