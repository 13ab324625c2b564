package dev.nixboot.steps.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepPlan;
import dev.nixboot.engine.testkit.StepResult;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The runner every local process goes through (exec, sops, git's signing programs and hooks). */
@Timeout(30)
class LocalProcessTest {
    @TempDir
    Path directory;

    /** Runs the process inside a step, so it has a real step context (cancel hooks included). */
    private record Run(LocalProcess process) implements Step<Run.Parameters, Run.Outputs> {
        record Parameters() {}

        record Outputs(
                @Description("how it ended") String ending,
                @Description("its code") int exitCode) {}

        @Override
        public String type() {
            return "test.process";
        }

        @Override
        public String summary() {
            return "runs one local process";
        }

        @Override
        public Class<Parameters> parameters() {
            return Parameters.class;
        }

        @Override
        public Class<Outputs> outputs() {
            return Outputs.class;
        }

        @Override
        public StepPlan plan(Parameters parameters, PlanContext context) {
            return StepPlan.of("run");
        }

        @Override
        public Outputs execute(Parameters parameters, StepContext context) throws Exception {
            LocalProcess.Outcome outcome = process.run(context);
            return new Outputs(outcome.ending().name(), outcome.exitCode());
        }
    }

    private static StepResult run(LocalProcess process) {
        return ThisProcess.testKit().execute(new Run(process), new Run.Parameters());
    }

    @Test
    void givesExactlyTheEnvironmentItIsGivenAndTheInputThenEndOfFile() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StepResult result =
                run(new LocalProcess(List.of("/bin/sh", "-c", "env; cat"), directory, Map.of("ONLY", "this"))
                        .input("typed\n".getBytes(StandardCharsets.UTF_8))
                        .output(out, OutputStream.nullOutputStream()));

        assertThat(result.outputs().get("ending")).isEqualTo("EXITED");
        // sh adds PWD, SHLVL and _ of its own; nothing of the JVM's environment (HOME, PATH) gets through.
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("ONLY=this\n")
                .doesNotContain("HOME=")
                .doesNotContain("PATH=")
                .endsWith("typed\n");
    }

    @Test
    void reportsTheExitCodeAndATimeout() {
        assertThat(run(new LocalProcess(List.of("sh", "-c", "exit 7"), directory, Map.of()))
                        .outputs()
                        .get("exit_code"))
                .isEqualTo(7);

        long start = System.nanoTime();
        StepResult slow =
                run(new LocalProcess(List.of("sleep", "30"), directory, Map.of()).timeout(Duration.ofMillis(300)));
        assertThat(slow.outputs().get("ending")).isEqualTo("TIMED_OUT");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void findsAProgramOnTheEnvironmentsPathNotNixboots() throws Exception {
        Path bin = Files.createDirectory(directory.resolve("bin"));
        Path tool = Files.writeString(bin.resolve("nixboot-test-tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(bin.resolve("not-executable"), "");

        assertThat(LocalProcess.find("nixboot-test-tool", Map.of("PATH", "/nowhere:" + bin)))
                .isEqualTo(tool);
        assertThat(LocalProcess.find("nixboot-test-tool", Map.of("PATH", "/usr/bin")))
                .isNull();
        assertThat(LocalProcess.find("not-executable", Map.of("PATH", bin.toString())))
                .isNull();
        assertThat(LocalProcess.find(tool.toString(), Map.of())).isEqualTo(tool);
    }
}
