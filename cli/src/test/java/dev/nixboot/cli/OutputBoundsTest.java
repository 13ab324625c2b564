package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.testing.NixbootProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step's output never exhausts memory, and the limit on what is kept never cuts a secret in two: output without a
 * newline is streamed in pieces, and the captured outputs stop at the last whole line before 4 MiB.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OutputBoundsTest {
    @TempDir
    Path directory;

    @Test
    void aHundredMegabytesWithoutANewlineRunInA128MegabyteHeap() throws Exception {
        // Before, the line was buffered whole: 100 MB took 800 MB of memory, and with -Xmx256m an OutOfMemoryError.
        Files.writeString(directory.resolve("p.yaml"), """
                steps:
                  - id: flood
                    type: exec
                    with:
                      script: head -c 100000000 /dev/zero | tr '\\\\0' x; echo; echo done
                """);
        try (NixbootProcess run = NixbootProcess.start(
                directory,
                List.of(
                        "sh",
                        "-c",
                        NixbootProcess.shellCommand(List.of("-Xmx128m"), "run", "p.yaml") + " | tail -c 2000"))) {
            int code = run.await(Duration.ofMinutes(2));

            assertThat(code).as(run.output()).isZero();
            assertThat(run.output())
                    .contains("flood | done")
                    .contains("succeeded")
                    .contains("output longer than 4 MiB")
                    .doesNotContain("OutOfMemoryError");
        }
    }

    @Test
    void aSecretAtTheCaptureLimitLeavesNoPrefixInTheStateOrTheEvents() throws Exception {
        // A line of 4 MiB - 5 bytes, then the secret: the 4 MiB kept end five chars into it.
        Files.writeString(directory.resolve("p.yaml"), """
                vars:
                  pw: {secret: true}
                steps:
                  - id: big
                    type: exec
                    with:
                      script: head -c 4194298 /dev/zero | tr '\\\\0' x; echo; printf '%s\\nafter\\n' "$PW"
                      env: {PW: "${{ pw }}"}
                """);

        CommandResult result =
                nixboot(directory, "run", "p.yaml", "--var", "pw=Zq9StraddlingSecret", "--output", "json");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("\"event\":\"step_finished\"").doesNotContain("Zq9");
        try (Stream<Path> state = Files.walk(directory.resolve(".nixboot"))) {
            for (Path file : state.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain("Zq9");
            }
        }
    }
}
