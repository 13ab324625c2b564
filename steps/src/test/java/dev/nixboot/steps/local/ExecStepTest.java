package dev.nixboot.steps.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ExecStepTest {
    private final ExecStep step = new ExecStep();

    @TempDir
    Path directory;

    @Test
    void passesEachArgumentUnchangedWithoutAShell() {
        StepResult result = ThisProcess.testKit()
                .execute(step, ExecCall.argv("printf", "%s", "; touch pwned").parameters());

        assertThat(result.succeeded()).as("%s", result.failure()).isTrue();
        assertThat(result.outputs().get("stdout")).isEqualTo("; touch pwned");
        assertThat(Path.of("pwned")).doesNotExist();
    }

    @Test
    void runsAScriptWithShAndCapturesBothStreamsAndTheExitCode() {
        StepResult result = ThisProcess.testKit()
                .execute(
                        step,
                        ExecCall.script("echo one | tr o 0; echo two >&2; echo three")
                                .parameters());

        assertThat(result.succeeded()).as("%s", result.failure()).isTrue();
        assertThat(result.outputs().values())
                .containsEntry("stdout", "0ne\nthree")
                .containsEntry("stderr", "two")
                .containsEntry("exit_code", 0);
        assertThat(result.lines())
                .containsSubsequence(
                        new StepResult.Line(StepResult.Stream.STDOUT, "0ne"),
                        new StepResult.Line(StepResult.Stream.STDOUT, "three"));
        assertThat(result.lines()).contains(new StepResult.Line(StepResult.Stream.STDERR, "two"));
    }

    @Test
    void givesTheProcessStdinEnvironmentAndWorkingDirectory() throws IOException {
        Path work = Files.createDirectory(directory.resolve("work"));
        ExecParameters parameters = ExecCall.argv("sh", "-c", "cat; echo \"$GREETING $HOME\"; pwd")
                .withStdin("from stdin\n")
                .withEnv(Map.of("GREETING", "hello"))
                .withCwd("work")
                .parameters();

        StepResult result = ThisProcess.testKit()
                .workingDirectory(directory)
                .environment("HOME", "/home/test")
                .execute(step, parameters);

        assertThat(result.succeeded()).as("%s", result.failure()).isTrue();
        assertThat(result.outputs().get("stdout")).isEqualTo("from stdin\nhello /home/test\n" + work.toRealPath());
    }

    @Test
    void givesAnEmptyInputWhenNoStdinIsSet() {
        StepResult result =
                ThisProcess.testKit().execute(step, ExecCall.argv("cat").parameters());

        assertThat(result.succeeded()).as("%s", result.failure()).isTrue();
        assertThat(result.outputs().get("stdout")).isEqualTo("");
    }

    @Test
    void failsOnAnExitCodeOutsideOkCodes() {
        StepResult result = ThisProcess.testKit()
                .execute(step, ExecCall.script("echo partial; exit 3").parameters());

        assertThat(result.failure()).isInstanceOf(StepFailure.class).hasMessage("exit code 3 (expected 0)");
        assertThat(result.text(StepResult.Stream.STDOUT)).isEqualTo("partial");
    }

    @Test
    void acceptsAnExitCodeListedInOkCodes() {
        StepResult result = ThisProcess.testKit()
                .execute(step, ExecCall.script("exit 3").withOkCodes(0, 3).parameters());

        assertThat(result.succeeded()).as("%s", result.failure()).isTrue();
        assertThat(result.outputs().get("exit_code")).isEqualTo(3);
    }

    @Test
    void namesAProgramThatCannotStart() {
        StepResult result = ThisProcess.testKit()
                .execute(step, ExecCall.argv("nixboot-no-such-program").parameters());

        assertThat(result.failure())
                .isInstanceOf(StepFailure.class)
                .hasMessageStartingWith("cannot start nixboot-no-such-program: ");
    }

    @Test
    void timeoutKillsTheWholeProcessTree() throws Exception {
        Path pids = directory.resolve("pids");
        // sh -> sh -> sleep: the sleeps are a grandchild and a great-grandchild of the step's process.
        String script = "sleep 300 & echo $! >> pids; sh -c 'sleep 300 & echo $! >> pids; wait' & wait";

        long started = System.nanoTime();
        StepResult result = ThisProcess.testKit()
                .workingDirectory(directory)
                .execute(
                        step,
                        ExecCall.script(script)
                                .withTimeout(Duration.ofSeconds(1))
                                .parameters());

        assertThat(result.failure())
                .isInstanceOf(StepFailure.class)
                .hasMessage("timed out after 1s: killed the process and every process it started");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertAllDead(pids, 2);
    }

    @Test
    void cancellingTheStepKillsTheWholeProcessTree() throws Exception {
        Path pids = directory.resolve("pids");
        String script = "sh -c 'sleep 300 & echo $! >> pids; wait' & wait";
        StepTestKit kit = ThisProcess.testKit().workingDirectory(directory);
        CompletableFuture<StepResult> running = new CompletableFuture<>();
        Thread worker = new Thread(
                () -> running.complete(kit.execute(step, ExecCall.script(script).parameters())));
        worker.start();
        awaitLines(pids, 1);

        worker.interrupt(); // what the engine does on Ctrl-C, --fail-fast or a step timeout

        StepResult result = running.get(10, TimeUnit.SECONDS);
        assertThat(result.failure()).isInstanceOf(StepFailure.class).hasMessageStartingWith("cancelled");
        assertAllDead(pids, 1);
    }

    @Test
    void refusesToPutASecretIntoTheProcessArguments() {
        StepResult result = ThisProcess.testKit()
                .workingDirectory(directory)
                .secret("hunter2")
                .execute(step, ExecCall.argv("touch", "token-hunter2").parameters());

        assertThat(result.failure())
                .isInstanceOf(StepFailure.class)
                .hasMessage("argv[1] contains a secret value, which would show in the process list;"
                        + " pass it via stdin or env instead");
        assertThat(directory.resolve("token-hunter2")).doesNotExist();
    }

    @Test
    void refusesASecretWrittenIntoAScript() {
        StepResult result = ThisProcess.testKit()
                .secret("hunter2")
                .execute(step, ExecCall.script("echo hunter2").parameters());

        assertThat(result.failure())
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining("pass it via stdin or env instead");
    }

    @Test
    void takesSecretsThroughEnvAndStdinAndMasksThemInOutput() {
        StepResult result = ThisProcess.testKit()
                .secret("hunter2")
                .execute(
                        step,
                        ExecCall.script("echo \"token=$TOKEN\"; cat")
                                .withEnv(Map.of("TOKEN", "hunter2"))
                                .withStdin("again hunter2")
                                .parameters());

        assertThat(result.succeeded()).as("%s", result.failure()).isTrue();
        assertThat(result.lines())
                .containsExactly(
                        new StepResult.Line(StepResult.Stream.STDOUT, "token=***"),
                        new StepResult.Line(StepResult.Stream.STDOUT, "again ***"));
    }

    @Test
    void planShowsTheExactCommandLineShellQuotedAndMasked() {
        ExecParameters parameters = ExecCall.argv("nixos-anywhere", "--flake", ".#gusto", "it's here", "hunter2")
                .withEnv(Map.of("TOKEN", "hunter2"))
                .withStdin("secret input")
                .withTimeout(Duration.ofMinutes(5))
                .parameters();

        List<String> actions =
                ThisProcess.testKit().secret("hunter2").plan(step, parameters).actions();

        assertThat(actions)
                .containsExactly(
                        "run: nixos-anywhere --flake .#gusto 'it'\\''s here' ***",
                        "env: TOKEN=***",
                        "stdin: 12 bytes",
                        "timeout: 5m (then the process and its children are killed)");
    }

    /** The engine writes a step's own timeout of 1500ms as 1.5s; exec's timeout reads the same, not 1500ms. */
    @Test
    void planWritesATimeoutAsTheRunWouldReportIt() {
        List<String> actions = ThisProcess.testKit()
                .plan(
                        step,
                        ExecCall.argv("true")
                                .withTimeout(Duration.ofMillis(1500))
                                .parameters())
                .actions();

        assertThat(actions).contains("timeout: 1.5s (then the process and its children are killed)");
    }

    @Test
    void planShowsAnInputThatIsAnEarlierOutputAsItsPlaceholder() {
        List<String> actions = ThisProcess.testKit()
                .plan(
                        step,
                        ExecCall.argv("cat")
                                .withStdin("<steps.generate.outputs.stdout>")
                                .parameters())
                .actions();

        assertThat(actions).containsExactly("run: cat", "stdin: <steps.generate.outputs.stdout>");
    }

    @Test
    void planOfAScriptShowsShDashC() {
        List<String> actions = ThisProcess.testKit()
                .plan(step, ExecCall.script("nix build .#toplevel | tee log").parameters())
                .actions();

        assertThat(actions).containsExactly("run: sh -c 'nix build .#toplevel | tee log'");
    }

    @Test
    void endsWhenTheProcessEndsNotOnAPollingTimer() {
        // Commons Exec's result handler slept 50 ms at a time: every step of `true` took at least 50 ms. A spawn of
        // `true` takes a few ms, even on a loaded machine; the median of a series keeps one slow spawn from counting.
        StepTestKit kit = ThisProcess.testKit();
        kit.execute(
                step, ExecCall.argv("true").parameters()); // class loading and the first spawn are not what is measured
        long[] nanos = new long[15];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            StepResult result = kit.execute(step, ExecCall.argv("true").parameters());
            nanos[i] = System.nanoTime() - start;
            assertThat(result.succeeded()).as("%s", result.failure()).isTrue();
        }
        Arrays.sort(nanos);
        assertThat(Duration.ofNanos(nanos[nanos.length / 2])).isLessThan(Duration.ofMillis(25));
    }

    private static void awaitLines(Path file, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(file) || Files.readAllLines(file).size() < count) {
            assertThat(System.nanoTime())
                    .as("%s never got %d lines", file, count)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void assertAllDead(Path pidFile, int count) throws Exception {
        awaitLines(pidFile, count);
        for (String pid : Files.readAllLines(pidFile)) {
            ProcessHandle.of(Long.parseLong(pid.trim()))
                    .ifPresent(p -> assertThat(p.onExit()).succeedsWithin(Duration.ofSeconds(5)));
        }
    }
}
