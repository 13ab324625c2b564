package dev.nixboot.engine.api;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * The machine nixboot runs on (not the hosts it installs) and the process it runs in, handed in by the front end. The
 * engine never reads the process's directory, environment or home itself, so it runs the same embedded, in tests and
 * from the command line.
 *
 * @param workingDirectory where relative paths resolve and what {@code ${{ working_dir }}} is, absolute
 * @param environment what steps and {@code ${{ env.NAME }}} see
 * @param home the user's home directory, what {@code ~} in a path stands for
 */
public record LocalHost(Path workingDirectory, Map<String, String> environment, Path home) {
    public LocalHost {
        workingDirectory = requireNonNull(workingDirectory, "workingDirectory")
                .toAbsolutePath()
                .normalize();
        environment = Map.copyOf(requireNonNull(environment, "environment"));
        home = requireNonNull(home, "home").toAbsolutePath().normalize();
    }

    /**
     * What {@code ~} stands for in a run with this environment: its {@code HOME} when set, so a run for another user
     * (or a test) sees that user's files, else {@link #home}.
     */
    public Path homeIn(Map<String, String> runEnvironment) {
        String value = runEnvironment.get("HOME");
        return value != null && !value.isBlank() ? Path.of(value) : home;
    }
}
