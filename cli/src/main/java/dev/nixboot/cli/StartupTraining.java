package dev.nixboot.cli;

import dev.nixboot.engine.api.PlaybookEngine;
import dev.nixboot.steps.ssh.SshTraining;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The training run of the launcher's start-up cache (see {@code bin/nixboot}): the classes a run loads are the ones the
 * cache keeps, already parsed and linked, so it goes through what users' commands go through, in one process:
 * {@code validate}, a dry run, a graph and {@code --version} of the training playbook; then two real runs in a
 * temporary directory (the human output, then {@code --output json}, which finds the first run's state) of steps that
 * make a key, trust it in a known_hosts file there, and run a command over SSH on {@link SshTraining}'s loopback
 * listener, which serves that key as its host key. It starts no process, connects nowhere but to itself, uses neither
 * the user's SSH agent nor anything under their home, and leaves no file behind. Not a command users see.
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
                  script: echo ${{ steps.key.outputs.fingerprint }}
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
            realRuns(new PrintWriter(Writer.nullWriter()));
        } catch (IOException | RuntimeException e) {
            // The cache is only less complete; what was trained before the failure stands.
        }
        System.exit(0);
    }

    /**
     * The runs users' commands do, with their state, progress and summary, in a directory of their own that also
     * stands in for the home directory: no {@code ~/.ssh/config} or default identity of the user is read, and without
     * {@code SSH_AUTH_SOCK} no agent is asked to sign. Returns the exit code of each run.
     */
    static List<Integer> realRuns(PrintWriter output) throws IOException {
        Path directory = Files.createTempDirectory("nixboot-training-");
        try (SshTraining.Listener listener = SshTraining.listen(directory.resolve("key"))) {
            Files.writeString(directory.resolve("training-run.yaml"), RUN);
            Map<String, String> environment = new HashMap<>(System.getenv());
            environment.remove("SSH_AUTH_SOCK");
            environment.put("HOME", directory.toString());
            Invocation invocation = new Invocation(directory, environment, PlaybookEngine::create, Optional::empty,
                    new Cancellation());
            String[] run = {"run", "training-run.yaml", "--var", "port=" + listener.port()};
            String[] json = {"run", "training-run.yaml", "--var", "port=" + listener.port(), "--output", "json"};
            return List.of(Nixboot.execute(invocation, output, output, run),
                    Nixboot.execute(invocation, output, output, json));
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
