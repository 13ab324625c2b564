package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.cli.testing.NixbootProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets need not touch the disk: {@code --vars-file} reads a pipe as well as a file — bash's
 * {@code <(pass show gusto)}, {@code /dev/stdin}, a named pipe — once, since a pipe can be read only once.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class VarsFileFromPipeTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @BeforeEach
    void playbook() throws Exception {
        Files.writeString(directory.resolve("p.yaml"), """
                vars:
                  greeting: {required: true}
                  pw: {secret: true, required: true}
                steps:
                  - id: say
                    type: exec
                    with:
                      argv: [echo, "${{ greeting }}"]
                  - id: secret
                    type: exec
                    with:
                      script: test "${#PW}" -eq 9
                      env: {PW: "${{ pw }}"}
                """);
    }

    @Test
    void runsWithVarsFromAProcessSubstitution() throws Exception {
        String nixboot = NixbootProcess.shellCommand("run", "p.yaml", "--vars-file");
        try (NixbootProcess run = NixbootProcess.start(
                directory, List.of("bash", "-c", nixboot + " <(printf 'greeting: from-a-pipe\\npw: Zq9Secret\\n')"))) {
            int code = run.await(LIMIT);

            assertThat(code).as(run.output()).isZero();
            assertThat(run.output()).contains("say | from-a-pipe").doesNotContain("Zq9Secret");
        }
    }

    @Test
    void everyHostOfAnInventoryGetsTheValuesOfOnePipe() throws Exception {
        Files.writeString(directory.resolve("hosts.yaml"), "hosts:\n  h1:\n  h2:\n  h3:\n");
        String nixboot = NixbootProcess.shellCommand("run", "p.yaml", "--inventory", "hosts.yaml", "--vars-file");
        try (NixbootProcess run = NixbootProcess.start(
                directory, List.of("bash", "-c", nixboot + " <(printf 'greeting: from-a-pipe\\npw: Zq9Secret\\n')"))) {
            int code = run.await(LIMIT);

            assertThat(code).as(run.output()).isZero();
            for (String host : List.of("h1", "h2", "h3")) {
                assertThat(run.output()).contains(host + "/say | from-a-pipe");
            }
            assertThat(run.output()).doesNotContain("Zq9Secret");
        }
    }

    @Test
    void readsVarsFromStandardInput() throws Exception {
        String nixboot = NixbootProcess.shellCommand("run", "p.yaml", "--dry-run", "--vars-file", "/dev/stdin");
        try (NixbootProcess run = NixbootProcess.start(
                directory, List.of("sh", "-c", "printf 'greeting: from-stdin\\npw: Zq9Secret\\n' | " + nixboot))) {
            int code = run.await(LIMIT);

            assertThat(code).as(run.output()).isZero();
            assertThat(run.output()).contains("run: echo from-stdin").doesNotContain("Zq9Secret");
        }
    }

    @Test
    void readsVarsFromANamedPipe() throws Exception {
        Path fifo = directory.resolve("vars.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        // The writer blocks until nixboot opens the pipe, and writes it once.
        Process writer = new ProcessBuilder(
                        "sh", "-c", "printf 'greeting: from-a-fifo\\npw: Zq9Secret\\n' > \"$0\"", fifo.toString())
                .start();

        CommandResult result = nixboot(directory, "run", "p.yaml", "--vars-file", "vars.fifo");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("say | from-a-fifo");
        assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aDirectoryIsNotAVarsFile() throws Exception {
        Files.createDirectory(directory.resolve("vars"));

        CommandResult result = nixboot(directory, "validate", "p.yaml", "--vars-file", "vars");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).isEqualTo("nixboot validate: --vars-file vars: is a directory, not a file\n");
    }
}
