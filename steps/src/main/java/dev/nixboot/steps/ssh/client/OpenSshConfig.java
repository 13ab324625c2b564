package dev.nixboot.steps.ssh.client;

import dev.nixboot.engine.spi.StepFailure;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configuration as the installed OpenSSH reads it: {@code ssh -G HOST}, with the step's port, user, identity file
 * and jump hosts as {@code -p}, {@code -l}, {@code -i} and {@code -J}. So {@code Include}, every {@code Match}
 * criterion ({@code exec} too), tokens, canonicalization and keywords newer than nixboot are all what {@code ssh}
 * makes of them.
 *
 * <p>ssh finds the user's config and expands {@code ~} through the password database, not {@code HOME}. When the
 * run's {@code HOME} is another directory (a test, a sandbox), nixboot hands ssh {@code HOME/.ssh/config} with
 * {@code -F} (ssh then skips {@code /etc/ssh/ssh_config}) and moves the paths ssh expanded under its own home to
 * {@code HOME}. {@code Include} follows {@code HOME} anyway (glob's tilde); a {@code Match exec} command's {@code %d}
 * is still ssh's home then.
 */
final class OpenSshConfig implements ClientConfig {
    /** ssh -G itself takes milliseconds; this bounds a Match exec that hangs. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** What ssh calls {@code ~}, per binary: it does not change while nixboot runs. */
    private static final Map<Path, Path> SSH_HOMES = new ConcurrentHashMap<>();
    /** Keywords whose values ssh prints with {@code ~} already expanded. */
    private static final List<String> EXPANDED_PATHS = List.of("userknownhostsfile", "identityagent", "forwardagent");

    private final Path ssh;
    private final String configFile;
    private final Path sshHome;
    private final Path home;
    private final Map<String, String> environment;

    private OpenSshConfig(Path ssh, String configFile, Path sshHome, Path home, Map<String, String> environment) {
        this.ssh = ssh;
        this.configFile = configFile;
        this.sshHome = sshHome;
        this.home = home;
        this.environment = Map.copyOf(environment);
    }

    /** The user's configuration for a run whose home is {@code home}. */
    static OpenSshConfig forHome(Path ssh, Path home, Map<String, String> environment) throws StepFailure {
        Path sshHome = sshHome(ssh, environment);
        if (sameDirectory(sshHome, home)) {
            return new OpenSshConfig(ssh, null, null, home, environment);
        }
        Path config = home.resolve(".ssh/config");
        return new OpenSshConfig(ssh, Files.exists(config) ? config.toString() : "none", sshHome, home, environment);
    }

    /**
     * One configuration file and nothing else, as {@code ssh -F FILE} reads it, {@code ~} being {@code home}; for
     * comparisons with nixboot's own reader.
     */
    static OpenSshConfig forFile(Path ssh, Path file, Path home, Map<String, String> environment) throws StepFailure {
        Path sshHome = sshHome(ssh, environment);
        return new OpenSshConfig(
                ssh, file.toString(), sameDirectory(sshHome, home) ? null : sshHome, home, environment);
    }

    /** The {@code ssh} on the run's {@code PATH}, or null when there is none. */
    static Path find(Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "/usr/bin:/bin");
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, "ssh");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public ClientOptions options(HostQuery query) throws StepFailure {
        List<String> command = new ArrayList<>(List.of(ssh.toString(), "-G"));
        if (configFile != null) {
            command.addAll(List.of("-F", configFile));
        }
        if (query.port() != null) {
            command.addAll(List.of("-p", query.port().toString()));
        }
        if (query.user() != null) {
            command.addAll(List.of("-l", query.user()));
        }
        if (query.identityFile() != null) {
            command.addAll(List.of("-i", query.identityFile().toString()));
        }
        if (query.jump() != null) {
            command.addAll(List.of("-J", query.jump()));
        }
        // Ends the options: a host name cannot smuggle one in.
        command.add("--");
        command.add(query.host());
        String shown = "ssh -G " + query.host();
        LocalCommand.Result result = LocalCommand.run(command, environment, TIMEOUT);
        if (result.exitCode() != 0) {
            throw new StepFailure("the SSH client configuration for " + query.host() + " is not valid (" + shown
                    + " says: " + errors(result.stderr()) + ")");
        }
        ClientOptions options = ClientOptions.parse(result.stdout(), shown);
        if (sshHome != null) {
            for (String keyword : EXPANDED_PATHS) {
                String value = options.get(keyword);
                if (value != null) {
                    options.set(keyword, rehome(value));
                }
            }
        }
        return options;
    }

    /** Moves space-separated paths under ssh's home to the run's. */
    private String rehome(String value) {
        List<String> paths = new ArrayList<>();
        String prefix = sshHome.toString();
        for (String path : value.split(" ")) {
            if (path.equals(prefix)) {
                paths.add(home.toString());
            } else if (path.startsWith(prefix + "/")) {
                paths.add(home + path.substring(prefix.length()));
            } else {
                paths.add(path);
            }
        }
        return String.join(" ", paths);
    }

    private static String errors(String stderr) {
        List<String> lines = stderr.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("Pseudo-terminal will not be allocated"))
                .toList();
        return lines.isEmpty() ? "it failed without a message" : String.join("; ", lines);
    }

    /** Asks ssh what it expands {@code ~} to: its user's home in the password database. */
    private static Path sshHome(Path ssh, Map<String, String> environment) throws StepFailure {
        Path known = SSH_HOMES.get(ssh);
        if (known != null) {
            return known;
        }
        LocalCommand.Result result = LocalCommand.run(
                List.of(ssh.toString(), "-G", "-F", "none", "-o", "UserKnownHostsFile=~", "--", "nixboot.invalid"),
                environment,
                TIMEOUT);
        String line = result.stdout()
                .lines()
                .filter(l -> l.startsWith("userknownhostsfile "))
                .findFirst()
                .orElse(null);
        if (result.exitCode() != 0 || line == null) {
            throw new StepFailure("cannot ask " + ssh + " for its home directory: " + errors(result.stderr()));
        }
        Path home = Path.of(line.substring("userknownhostsfile ".length()).strip());
        SSH_HOMES.put(ssh, home);
        return home;
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return a.toRealPath().equals(b.toRealPath());
        } catch (IOException e) {
            return a.normalize().equals(b.normalize());
        }
    }
}
