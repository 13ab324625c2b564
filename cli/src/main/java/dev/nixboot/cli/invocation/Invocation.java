package dev.nixboot.cli.invocation;

import static java.util.Objects.requireNonNull;

import dev.nixboot.engine.Engines;
import dev.nixboot.engine.PlaybookEngine;
import dev.nixboot.engine.api.LocalHost;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * What one run of {@code nixboot} works in: its directory and environment, how to make an engine, the terminal (if
 * any) and the Ctrl-C connection. {@link Main} builds the real one; tests build their own and run commands in-process.
 *
 * @param workingDirectory where relative playbook paths resolve and {@code .nixboot/} state lives
 * @param environment the process environment: what steps see, and where plugins are looked for
 * @param home the user's home directory
 * @param engines makes an engine for this machine from the plugin directories
 * @param terminal the person to ask, looked up only when a question comes
 * @param cancellation where a run registers itself for Ctrl-C
 */
public record Invocation(
        Path workingDirectory,
        Map<String, String> environment,
        Path home,
        BiFunction<LocalHost, List<Path>, PlaybookEngine> engines,
        Supplier<Optional<Terminal>> terminal,
        Cancellation cancellation) {

    public Invocation {
        requireNonNull(workingDirectory, "workingDirectory");
        environment = Map.copyOf(environment);
        requireNonNull(home, "home");
        requireNonNull(engines, "engines");
        requireNonNull(terminal, "terminal");
        requireNonNull(cancellation, "cancellation");
    }

    /**
     * The real thing: the process's directory, environment, home and terminal, and the engine with its steps. The one
     * place nixboot reads the process's surroundings; everything else is handed them from here.
     */
    public static Invocation system() {
        return new Invocation(
                Path.of("").toAbsolutePath(),
                System.getenv(),
                Path.of(System.getProperty("user.home")),
                Engines::create,
                Terminal::system,
                new Cancellation());
    }

    /** This machine as the engine is to see it. */
    public LocalHost localHost() {
        return new LocalHost(workingDirectory, environment, home);
    }

    /** A new engine for this machine with the steps of the class path and these plugin directories. */
    public PlaybookEngine engine(List<Path> pluginPath) {
        return engines.apply(localHost(), pluginPath);
    }

    /** A path the user typed, resolved the way a shell would: against the working directory. */
    public Path resolve(String path) {
        return workingDirectory.resolve(path).normalize();
    }

    /** A path as the user would like to read it: relative when it lies under the working directory. */
    public String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(workingDirectory) && !absolute.equals(workingDirectory)
                ? workingDirectory.relativize(absolute).toString()
                : absolute.toString();
    }

    /**
     * Plugin jars found here load without {@code --plugin-path}: {@code $XDG_CONFIG_HOME/nixboot/plugins}, by default
     * {@code ~/.config/nixboot/plugins}.
     */
    public Path defaultPluginDirectory() {
        String config = environment.get("XDG_CONFIG_HOME");
        Path base = config != null && !config.isBlank() ? Path.of(config) : home.resolve(".config");
        return base.resolve("nixboot").resolve("plugins");
    }

    /** The directories and jars named by {@code NIXBOOT_PLUGIN_PATH}, in its order. */
    public List<Path> environmentPluginPath() {
        String value = environment.get("NIXBOOT_PLUGIN_PATH");
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(Path::of)
                .toList();
    }
}
