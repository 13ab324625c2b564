package dev.nixboot.cli;

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
            description = "Read variables from a YAML mapping. Repeatable; later files win.")
    List<String> files = new ArrayList<>();

    /**
     * The inputs as given. A {@code --var} without '=' is reported by the engine, which knows the declared names: it
     * echoes the argument only when it is one, since anything else may be a secret value that lost its name.
     */
    VariableInputs inputs(Invocation invocation) {
        List<Path> paths = new ArrayList<>();
        for (String file : files) {
            Path path = invocation.resolve(file);
            if (!Files.isRegularFile(path)) {
                throw new UsageException("--vars-file " + file + ": no such file");
            }
            paths.add(path);
        }
        return new VariableInputs(paths, assignments);
    }
}
