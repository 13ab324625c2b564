package dev.nixboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.cli.testing.NixbootProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGTERM (a CI job's timeout, systemd, kill) stops a run as Ctrl-C does, with real processes: the running step's
 * processes are killed, the state is saved so --resume continues, the summary is printed, and the exit code is 130.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TerminationTest {
    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalStopsTheRunSavesItsStateAndExits130(String signal) throws Exception {
        Files.writeString(directory.resolve("p.yaml"), """
                steps:
                  - id: first
                    type: exec
                    with: {argv: [echo, done]}
                  - id: long
                    type: exec
                    with:
                      script: echo $$ > long.pid; sleep 300
                """);
        try (NixbootProcess run = NixbootProcess.start(directory, NixbootProcess.command("run", "p.yaml"))) {
            Path pidFile = directory.resolve("long.pid");
            assertThat(run.awaitOutput(out -> Files.exists(pidFile), Duration.ofSeconds(60)))
                    .as(run.output())
                    .isTrue();
            Thread.sleep(200); // the pid is written before sleep starts
            long shell = Long.parseLong(Files.readString(pidFile).strip());

            run.signal(signal);
            int code = run.await(Duration.ofSeconds(60));

            assertThat(code).as(run.output()).isEqualTo(ExitCode.INTERRUPTED);
            assertThat(run.output()).contains("[first] succeeded").contains("(interrupted; --resume continues)");
            assertThat(ProcessHandle.of(shell).map(ProcessHandle::isAlive))
                    .as("the step's shell")
                    .isNotEqualTo(Optional.of(true));
            try (Stream<Path> files = Files.list(directory.resolve(".nixboot"))) {
                List<Path> states =
                        files.filter(file -> file.toString().endsWith(".json")).toList();
                assertThat(states).singleElement().satisfies(state -> assertThat(Files.readString(state))
                        .contains("\"first\"")
                        .doesNotContain("\"long\""));
            }
        }
    }
}
