package dev.nixboot.cli.command;

import dev.nixboot.cli.invocation.Invocation;
import dev.nixboot.engine.api.VariableInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --var} and {@code --vars-file}, shared by every command that compiles a playbook. */
final class VariableOptions {

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "Set a variable; typed by its declaration (--var swapSize=8 is an int). Repeatable;"
                    + " overrides --vars-file and defaults.")
    List<String> assignments = new ArrayList<>();

    @Option(names = "--vars-file", paramLabel = "FILE",
            description = "Read variables from a YAML mapping: a file, or a pipe such as <(pass show host) or"
                    + " /dev/stdin. Repeatable; later files win.")
    List<String> files = new ArrayList<>();

    /**
     * The inputs as given. A {@code --var} without '=' is reported by the engine, which knows the declared names: it
     * echoes the argument only when it is one, since anything else may be a secret value that lost its name.
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
}
