package dev.nixboot.cli;

import static java.util.Objects.requireNonNull;

import dev.nixboot.engine.Engines;
import dev.nixboot.engine.api.PlaybookEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What one run of {@code nixboot} works in: its directory and environment, how to make an engine, the terminal (if
 * any) and the Ctrl-C connection. {@link Main} builds the real one; tests build their own and run commands in-process.
 *
 * @param workingDirectory where relative playbook paths resolve and {@code .nixboot/} state lives
 * @param environment the process environment, for the default plugin directory
 * @param engines makes an engine from the plugin directories
 * @param terminal the person to ask, looked up only when a question comes
 * @param cancellation where a run registers itself for Ctrl-C
 */
record Invocation(
        Path workingDirectory,
        Map<String, String> environment,
        Function<List<Path>, PlaybookEngine> engines,
        Supplier<Optional<Terminal>> terminal,
        Cancellation cancellation) {

    Invocation {
        requireNonNull(workingDirectory, "workingDirectory");
        environment = Map.copyOf(environment);
        requireNonNull(engines, "engines");
        requireNonNull(terminal, "terminal");
        requireNonNull(cancellation, "cancellation");
    }

    /** The real thing: the process's directory, environment and terminal, and the engine with its steps. */
    static Invocation system() {
        return new Invocation(Path.of("").toAbsolutePath(), System.getenv(), Engines::create,
                Terminal::system, new Cancellation());
    }

    /** A path the user typed, resolved the way a shell would: against the working directory. */
    Path resolve(String path) {
        return workingDirectory.resolve(path).normalize();
    }

    /** A path as the user would like to read it: relative when it lies under the working directory. */
    String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(workingDirectory) && !absolute.equals(workingDirectory)
                ? workingDirectory.relativize(absolute).toString()
                : absolute.toString();
    }

    /** Plugin jars found here load without {@code --plugin-path}: {@code $XDG_CONFIG_HOME/nixboot/plugins}. */
    Path defaultPluginDirectory() {
        String config = environment.get("XDG_CONFIG_HOME");
        Path base = config != null && !config.isBlank()
                ? Path.of(config)
                : Path.of(environment.getOrDefault("HOME", "."), ".config");
        return base.resolve("nixboot").resolve("plugins");
    }
}
