package dev.nixboot.cli;

import dev.nixboot.engine.api.PlaybookEngine;
import dev.nixboot.steps.ssh.SshTraining;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The training run of the JDK 25 start-up cache (see {@code bin/nixboot}): the classes a run loads are the ones the
 * cache keeps, already parsed and linked, so it goes through what users' commands go through, in one process:
 * {@code validate}, a dry run, a graph and {@code --version} of the training playbook; a real run (with the human
 * output, then with {@code --output json}), in a temporary directory, of steps that make a key, trust it in a known_hosts file there and connect over SSH to
 * {@link SshTraining}'s loopback listener (which hangs up during the key exchange, so that step fails); and the
 * cryptography of a connection. It starts no process, connects nowhere but to itself, and leaves no file behind.
 * Not a command users see.
 */
public final class StartupTraining {
    private static final String RUN = """
            name: start-up training run
            vars:
              port: {type: int, required: true}
            steps:
              - id: key
                type: ssh-keygen
                with: {file: key, comment: training}
              - id: trust
                type: known-hosts
                with:
                  hosts: [127.0.0.1]
                  port: ${{ port }}
                  key: ${{ steps.key.outputs.public_key }}
                  file: known_hosts
              - id: connect
                type: ssh.exec
                with:
                  host: 127.0.0.1
                  port: ${{ port }}
                  user: training
                  identity_file: key
                  known_hosts: known_hosts
                  connect_timeout: 2s
                  command: ["true"]
            """;

    private StartupTraining() {}

    /** {@code args[0]}: the training playbook. */
    public static void main(String[] args) {
        String playbook = args[0];
        for (List<String> command : List.of(
                List.of("validate", playbook),
                List.of("run", "--dry-run", playbook),
                List.of("graph", playbook),
                List.of("--version"))) {
            // As the process's own command would run: the launcher sends the output nowhere.
            Main.execute(command.toArray(String[]::new));
        }
        try {
            realRun(new PrintWriter(Writer.nullWriter()));
            realRun(new PrintWriter(Writer.nullWriter()), "--output", "json");
            SshTraining.exercise();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // The cache is only less complete; what was trained before the failure stands.
        }
        System.exit(0);
    }

    /** The run users' commands do, with its state, progress and summary, in a directory of its own. */
    static int realRun(PrintWriter output, String... options) throws IOException {
        Path directory = Files.createTempDirectory("nixboot-training-");
        try (SshTraining.Listener listener = SshTraining.listen()) {
            Files.writeString(directory.resolve("training-run.yaml"), RUN);
            Invocation invocation = new Invocation(directory, System.getenv(), PlaybookEngine::create,
                    Optional::empty, new Cancellation());
            List<String> command = new ArrayList<>(List.of("run", "training-run.yaml", "--var",
                    "port=" + listener.port()));
            command.addAll(List.of(options));
            return Nixboot.execute(invocation, output, output, command.toArray(String[]::new));
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
