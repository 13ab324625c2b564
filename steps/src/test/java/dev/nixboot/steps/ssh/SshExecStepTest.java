package dev.nixboot.steps.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.spi.StepConsole;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.local.LineCapture;
import dev.nixboot.steps.ssh.testing.SshServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SshExecStepTest {
    private static SshServer server;
    private final SshExecStep step = new SshExecStep();
    private StepTestKit kit;
    private Path knownHosts;

    @TempDir
    Path home;

    @BeforeAll
    static void startServer() {
        server = SshServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        kit = SshTestKits.isolated(home);
        knownHosts = server.writeKnownHosts();
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private SshExecParameters command(String... argv) {
        return parameters(List.of(argv), null, null, Map.of(), null, null);
    }

    private SshExecParameters script(String script) {
        return parameters(null, script, null, Map.of(), null, null);
    }

    private SshExecParameters parameters(
            List<String> argv,
            String script,
            String stdin,
            Map<String, String> env,
            Duration timeout,
            List<Integer> okCodes) {
        // Left out, ok_codes is [0], as in a playbook.
        return new SshExecParameters(
                server.connection(knownHosts),
                false,
                argv,
                script,
                false,
                stdin,
                env,
                false,
                timeout,
                okCodes == null ? List.of(0) : okCodes);
    }

    private StepResult run(SshExecParameters parameters) {
        StepResult result = kit.execute(step, parameters);
        if (!result.succeeded() && !(result.failure() instanceof StepFailure)) {
            throw new AssertionError("step crashed", result.failure());
        }
        return result;
    }

    @Test
    void runsCommandAndReturnsItsOutputsStreamedLive() {
        StepResult result = run(script("echo out; echo err >&2; echo second"));

        assertThat(result.failure()).isNull();
        assertThat(result.outputs().get("stdout")).isEqualTo("out\nsecond\n");
        assertThat(result.outputs().get("stderr")).isEqualTo("err\n");
        assertThat(result.outputs().get("exit_code")).isEqualTo(0);
        assertThat(result.text(StepResult.Stream.STDOUT)).isEqualTo("out\nsecond");
        assertThat(result.text(StepResult.Stream.STDERR)).isEqualTo("err");
    }

    @Test
    void quotesEachArgumentForTheRemoteShell() {
        StepResult result = run(command("printf", "%s|", "a b", "it's", "$HOME", "", "*", "x;y"));

        assertThat(result.outputs().get("stdout")).isEqualTo("a b|it's|$HOME||*|x;y|");
    }

    @Test
    void failsOnAnUnexpectedExitCodeAndAcceptsListedOnes() {
        StepResult failed = run(script("exit 3"));
        StepResult accepted = run(parameters(null, "exit 3", null, Map.of(), null, List.of(0, 3)));

        assertThat(failed.failure()).hasMessage("exit code 3 (expected 0)");
        assertThat(accepted.failure()).isNull();
        assertThat(accepted.outputs().get("exit_code")).isEqualTo(3);
    }

    @Test
    void sendsStdinAndEnvWithoutPuttingValuesInTheRemoteCommandLine() {
        String secret = "s3cret value with 'quotes' and\nnewline";
        StepResult result = run(parameters(
                null,
                "tr '\\0' ' ' < /proc/$$/cmdline >&2; printf '%s' \"$TOKEN\"; echo; cat",
                "from stdin\n",
                Map.of("TOKEN", secret),
                null,
                null));

        assertThat(result.failure()).isNull();
        assertThat((String) result.outputs().get("stderr"))
                .contains("__nixboot_env")
                .doesNotContain("s3cret");
        assertThat(result.outputs().get("stdout")).isEqualTo(secret + "\nfrom stdin\n");
    }

    @Test
    void envValuesAreMaskedInTheLiveOutputOnlyWhenSecret() {
        kit.secret("hunter2");
        StepResult result = run(parameters(
                null,
                "echo \"token=$TOKEN disk=$DISK\"",
                null,
                Map.of("TOKEN", "hunter2", "DISK", "/dev/sda"),
                null,
                null));

        assertThat(result.outputs().get("stdout")).isEqualTo("token=hunter2 disk=/dev/sda\n");
        assertThat(result.text(StepResult.Stream.STDOUT)).isEqualTo("token=*** disk=/dev/sda");
    }

    @Test
    void refusesASecretKnownOnlyAtRunTimeOnTheRemoteCommandLine() throws Exception {
        // A secret prompt answer, say: validate could not see it, so the step checks before it connects.
        kit.secret("hunter2");
        Path marker = home.resolve("ran");

        StepResult inCommand = run(command("sh", "-c", "touch \"$0\"", marker.toString(), "--password=hunter2"));
        StepResult inScript = run(script("touch " + marker + "; echo hunter2"));

        assertThat(inCommand.failure())
                .hasMessageStartingWith("command[4] holds a secret, which would show in the"
                        + " remote command line, where every user of the host can read it in its process list; pass it"
                        + " through stdin, or through env");
        assertThat(inScript.failure()).hasMessageStartingWith("the script holds a secret");
        assertThat(marker).doesNotExist();
    }

    @Test
    void closesStdinWhenThereIsNoneSoReadersDoNotWait() {
        StepResult result = run(command("cat"));

        assertThat(result.failure()).isNull();
        assertThat(result.outputs().get("stdout")).isEqualTo("");
    }

    @Test
    void keepsLargeOutputWhole() {
        StepResult result = run(script("seq 1 20000; head -c 3000000 /dev/zero | tr '\\0' x >&2"));

        String stdout = (String) result.outputs().get("stdout");
        assertThat(stdout.split("\n")).hasSize(20000);
        assertThat(stdout).endsWith("\n20000\n");
        assertThat((String) result.outputs().get("stderr")).hasSize(3_000_000);
    }

    @Test
    void boundsWhatItHoldsOfOutputWithoutNewlines() {
        // 20 MB on one line: once buffered whole as a line and again as the output.
        StepResult result = run(script("head -c 20000000 /dev/zero | tr '\\0' x; echo; echo last"));

        assertThat(result.failure()).isNull();
        String stdout = (String) result.outputs().get("stdout");
        assertThat(stdout.length()).isLessThanOrEqualTo(LineCapture.LIMIT);
        assertThat(result.lines())
                .allSatisfy(line -> assertThat(line.text().length()).isLessThan(2 * StepConsole.MAX_LINE));
        assertThat(result.text(StepResult.Stream.STDOUT)).endsWith("\nlast");
        assertThat(result.text(StepResult.Stream.INFO)).contains("output longer than 4 MiB");
    }

    @Test
    void timeoutTerminatesTheRemoteCommand() throws Exception {
        String seconds = Integer.toString(3000 + new Random().nextInt(5000));
        long started = System.nanoTime();
        StepResult result =
                run(parameters(List.of("sleep", seconds), null, null, Map.of(), Duration.ofSeconds(1), null));

        assertThat(result.failure()).hasMessageContaining("timed out after 1s");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(10);
        assertThat(awaitGone("sleep " + seconds))
                .as("remote sleep still running")
                .isTrue();
    }

    @Test
    void cancellingTheStepTerminatesTheRemoteCommand() throws Exception {
        String seconds = Integer.toString(3000 + new Random().nextInt(5000));
        CompletableFuture<StepResult> running = new CompletableFuture<>();
        Thread thread = new Thread(() -> running.complete(run(command("sleep", seconds))));
        thread.start();
        assertThat(awaitRunning("sleep " + seconds)).isTrue();

        thread.interrupt();

        assertThat(running.get(20, TimeUnit.SECONDS).failure())
                .hasMessage("cancelled; the remote command was terminated");
        assertThat(awaitGone("sleep " + seconds))
                .as("remote sleep still running")
                .isTrue();
    }

    @Test
    void allocatesAPseudoTerminalWhenAsked() {
        StepResult withPty = run(new SshExecParameters(
                server.connection(knownHosts),
                false,
                null,
                "test -t 0 && echo terminal",
                false,
                null,
                Map.of(),
                true,
                null,
                List.of(0)));
        StepResult without = run(parameters(null, "test -t 0 || echo none", null, Map.of(), null, null));

        assertThat(withPty.outputs().get("stdout")).isEqualTo("terminal\r\n");
        assertThat(without.outputs().get("stdout")).isEqualTo("none\n");
    }

    @Test
    void sharesOneConnectionBetweenSteps() {
        String first = (String) run(script("echo $SSH_CLIENT")).outputs().get("stdout");
        String second = (String) run(script("echo $SSH_CLIENT")).outputs().get("stdout");

        assertThat(first).isNotBlank().isEqualTo(second);
    }

    @Test
    void reconnectsTransparentlyAfterTheConnectionDropped() {
        String before = (String) run(script("echo $SSH_CLIENT")).outputs().get("stdout");
        server.dropConnections();
        StepResult after = run(script("echo $SSH_CLIENT"));

        assertThat(after.failure()).isNull();
        assertThat(after.outputs().get("stdout")).isNotEqualTo(before);
    }

    @Test
    void connectionKilledMidCommandFailsTheStepInsteadOfHanging() throws Exception {
        run(command("true"));
        String seconds = Integer.toString(3000 + new Random().nextInt(5000));
        CompletableFuture<StepResult> running = CompletableFuture.supplyAsync(() -> run(command("sleep", seconds)));
        assertThat(awaitRunning("sleep " + seconds)).isTrue();
        server.dropConnections();

        StepResult result = running.get(30, TimeUnit.SECONDS);
        assertThat(result.failure()).hasMessageContaining("lost while running the command");
    }

    @Test
    void refusesToStartWithoutCommandOrScript() {
        StepResult result = run(parameters(null, null, null, Map.of(), null, null));

        assertThat(result.failure()).hasMessageContaining("give either command").hasMessageContaining("neither");
    }

    @Test
    void planShowsTheCommandWithoutSecretEnvValues() {
        kit.secret("AGE-SECRET");
        var plan = kit.plan(
                step,
                parameters(
                        List.of("nixos-rebuild", "switch"), null, null, Map.of("SOPS_KEY", "AGE-SECRET"), null, null));
        var disk = kit.plan(step, parameters(List.of("lsblk"), null, null, Map.of("DISK", "/dev/sda"), null, null));

        assertThat(plan.actions())
                .containsExactly("run on " + server.user() + "@127.0.0.1:" + server.port()
                        + ": SOPS_KEY=*** nixos-rebuild switch");
        assertThat(disk.actions())
                .containsExactly("run on " + server.user() + "@127.0.0.1:" + server.port() + ": DISK=/dev/sda lsblk");
    }

    private boolean awaitRunning(String pattern) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (processExists(pattern)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private boolean awaitGone(String pattern) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (!processExists(pattern)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** The server is on this machine, so its processes are ours to look at. */
    private static boolean processExists(String commandLine) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info()
                .commandLine()
                .map(c -> c.equals(commandLine) || c.endsWith("/" + commandLine))
                .orElse(false));
    }
}
