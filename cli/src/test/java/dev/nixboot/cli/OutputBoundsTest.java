package dev.nixboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.testing.NixbootProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A step's output never exhausts memory: output without a newline is streamed in pieces, and kept up to 4 MiB. */
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
        try (NixbootProcess run = NixbootProcess.start(directory, List.of("sh", "-c",
                NixbootProcess.shellCommand(List.of("-Xmx128m"), "run", "p.yaml") + " | tail -c 2000"))) {
            int code = run.await(Duration.ofMinutes(2));

            assertThat(code).as(run.output()).isZero();
            assertThat(run.output()).contains("flood | done").contains("succeeded")
                    .contains("output longer than 4 MiB").doesNotContain("OutOfMemoryError");
        }
    }
}
