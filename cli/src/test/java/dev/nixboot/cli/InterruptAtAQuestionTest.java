package dev.nixboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.cli.testing.NixbootProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C while nixboot waits for an answer on a terminal ends the run at once (it took 11 s: the run waited out its
 * 10 s grace for a read that cannot be interrupted) and reports the steps that never started as not started.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class InterruptAtAQuestionTest {
    @TempDir
    Path directory;

    @Test
    void ctrlCAtAQuestionOnATerminalEndsTheRunAtOnce() throws Exception {
        Files.writeString(directory.resolve("p.yaml"), """
                steps:
                  - id: really
                    type: confirm
                    with: {question: "Erase everything?"}
                  - id: erase
                    type: exec
                    with: {argv: [touch, erased]}
                  - id: unrelated
                    type: exec
                    needs: []
                    confirm: Also this?
                    with: {argv: [touch, unrelated]}
                """);
        // script(1) runs nixboot on a pseudo-terminal: a real terminal to it, where questions are asked.
        String nixboot = NixbootProcess.shellCommand("run", "p.yaml", "--parallel", "1");
        try (NixbootProcess terminal =
                NixbootProcess.startWithKeyboard(directory, List.of("script", "-qec", nixboot, "/dev/null"))) {
            assertThat(terminal.awaitOutput(out -> out.contains("Erase everything? [y/N]"), Duration.ofSeconds(60)))
                    .as("asked")
                    .isTrue();
            ProcessHandle java = terminal.process()
                    .descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("java"))
                    .findFirst()
                    .orElseThrow();
            long start = System.nanoTime();

            NixbootProcess.signal("INT", java.pid());
            int code = terminal.await(Duration.ofSeconds(30));

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            String output = terminal.output();
            assertThat(code).as(output).isEqualTo(ExitCode.INTERRUPTED);
            assertThat(took).as(output).isLessThan(Duration.ofSeconds(3));
            assertThat(output).contains("not started: cancelled by the user").doesNotContain("did not stop within");
            assertThat(directory.resolve("erased")).doesNotExist();
            assertThat(directory.resolve("unrelated")).doesNotExist();
        }
    }
}
