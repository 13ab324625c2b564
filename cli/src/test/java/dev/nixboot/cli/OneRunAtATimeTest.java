package dev.nixboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.cli.testing.NixbootProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run of a playbook at a time in a directory, with real processes: a second {@code nixboot run} is refused with a
 * message naming the one going on, and after that one is killed with {@code kill -9} (no chance to clean up) the
 * kernel has released its lock and a new run proceeds.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OneRunAtATimeTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @Test
    void aSecondRunIsRefusedAndAKilledRunLeavesNoLockBehind() throws Exception {
        // The step counts its runs and waits for the file 'go'.
        Files.writeString(directory.resolve("p.yaml"), """
                steps:
                  - id: erase
                    type: exec
                    with:
                      script: echo x >> runs; touch started; while [ ! -e go ]; do sleep 0.1; done
                """);
        try (NixbootProcess first = NixbootProcess.start(directory, NixbootProcess.command("run", "p.yaml"))) {
            assertThat(awaitFile(directory.resolve("started")))
                    .as(first.output())
                    .isTrue();

            try (NixbootProcess second = NixbootProcess.start(directory, NixbootProcess.command("run", "p.yaml"))) {
                int code = second.await(LIMIT);

                assertThat(code).as(second.output()).isEqualTo(ExitCode.USAGE);
                assertThat(second.output())
                        .contains("another nixboot run of this playbook is going on in this" + " directory (pid "
                                + first.process().pid() + ", started ")
                        .doesNotContain("[erase] started");
                assertThat(Files.readAllLines(directory.resolve("runs"))).hasSize(1);
            }

            first.process().descendants().forEach(ProcessHandle::destroyForcibly);
            NixbootProcess.signal("KILL", first.process().pid());
            assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        Files.createFile(directory.resolve("go"));

        try (NixbootProcess third = NixbootProcess.start(directory, NixbootProcess.command("run", "p.yaml"))) {
            int code = third.await(LIMIT);

            assertThat(code).as(third.output()).isZero();
            assertThat(Files.readAllLines(directory.resolve("runs"))).hasSize(2);
        }
    }

    private static boolean awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (Files.exists(file)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
