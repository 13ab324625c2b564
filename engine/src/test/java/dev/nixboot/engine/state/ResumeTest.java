package dev.nixboot.engine.state;

import static dev.nixboot.engine.run.fixture.BlockStep.block;
import static dev.nixboot.engine.run.fixture.EchoStep.echo;
import static dev.nixboot.engine.run.fixture.FailStep.fail;
import static dev.nixboot.engine.run.fixture.RunDirectoryStep.workdir;
import static dev.nixboot.engine.run.fixture.SecretStep.secret;
import static dev.nixboot.engine.run.fixture.TestStep.output;
import static dev.nixboot.engine.run.fixture.TestStep.var;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import dev.nixboot.engine.run.Runner;
import dev.nixboot.engine.run.fixture.ExecutionLog;
import dev.nixboot.engine.run.fixture.Options;
import dev.nixboot.engine.run.fixture.RecordingListener;
import dev.nixboot.engine.run.fixture.TestPlaybook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a run leaves in {@code .nixboot/} and how {@code --resume} continues from it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ResumeTest {
    @TempDir
    Path directory;

    private Path playbookFile;
    private Path stateDirectory;

    @BeforeEach
    void setUp() throws IOException {
        ExecutionLog.reset();
        playbookFile = Files.writeString(directory.resolve("bootstrap.yaml"), "name: bootstrap\n");
        stateDirectory = directory.resolve(".nixboot");
    }

    private TestPlaybook.Builder bootstrap() {
        return TestPlaybook.named("bootstrap").file(playbookFile)
                .step(echo("keyscan", "ssh-ed25519 AAAA"))
                .step(fail("install", "network down", 1))
                .step(echo("configure", output("keyscan", "text")));
    }

    private RunSummary run(TestPlaybook.Builder playbook, Options options, RecordingListener listener) {
        return new Runner(ThisProcess.host(), playbook.build(), options.build(), listener).run();
    }

    private static Map<String, StepStatus> statuses(RunSummary summary) {
        return summary.steps().stream().collect(Collectors.toMap(RunSummary.StepResult::id,
                RunSummary.StepResult::status));
    }

    /**
     * The state file's text once it is there. The directory appears before the file is moved into it (it is written
     * beside and renamed, so never seen half-written), so a reader polling during a run can find it empty.
     */
    private Optional<String> savedState() throws IOException {
        if (!Files.isDirectory(stateDirectory)) {
            return Optional.empty();
        }
        try (var files = Files.list(stateDirectory)) {
            List<Path> saved = files.filter(file -> file.getFileName().toString().endsWith(".json")).toList();
            return saved.isEmpty() ? Optional.empty() : Optional.of(Files.readString(saved.get(0)));
        }
    }

    /** The state file: the directory holds it and the run lock beside it. */
    private Path stateFile() throws IOException {
        try (var files = Files.list(stateDirectory)) {
            List<Path> all = files.filter(file -> file.getFileName().toString().endsWith(".json")).toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    @Test
    void resumeAfterAFailureRunsOnlyTheRemainingStepsWithSavedOutputs() {
        RunSummary first = run(bootstrap(), Options.in(stateDirectory), new RecordingListener());
        assertThat(first.exitCode()).isEqualTo(1);

        RecordingListener listener = new RecordingListener();
        RunSummary resumed = run(bootstrap(), Options.in(stateDirectory).resume(), listener);

        assertThat(statuses(resumed)).containsEntry("keyscan", StepStatus.RESUMED)
                .containsEntry("install", StepStatus.SUCCEEDED)
                .containsEntry("configure", StepStatus.SUCCEEDED);
        assertThat(ExecutionLog.executions("keyscan")).isEqualTo(1);
        assertThat(listener.outputs("configure")).containsEntry("text", "ssh-ed25519 AAAA");
        assertThat(resumed.exitCode()).isZero();
    }

    @Test
    void resumingACompletedRunRunsNothing() {
        ExecutionLog.signal("unused");
        run(bootstrap(), Options.in(stateDirectory), new RecordingListener());
        run(bootstrap(), Options.in(stateDirectory).resume(), new RecordingListener());
        int executions = ExecutionLog.totalExecutions();

        RunSummary third = run(bootstrap(), Options.in(stateDirectory).resume(), new RecordingListener());

        assertThat(statuses(third).values()).containsOnly(StepStatus.RESUMED);
        assertThat(ExecutionLog.totalExecutions()).isEqualTo(executions);
    }

    @Test
    void withoutResumeEveryStepRunsAgain() {
        run(bootstrap(), Options.in(stateDirectory), new RecordingListener());

        run(bootstrap(), Options.in(stateDirectory), new RecordingListener());

        assertThat(ExecutionLog.executions("keyscan")).isEqualTo(2);
    }

    @Test
    void warnsWhenThePlaybookChangedSinceTheSavedRun() throws IOException {
        run(bootstrap(), Options.in(stateDirectory), new RecordingListener());
        Files.writeString(playbookFile, "name: bootstrap\n# edited\n");

        RecordingListener listener = new RecordingListener();
        run(bootstrap(), Options.in(stateDirectory).resume(), listener);

        assertThat(listener.text()).contains("notice the playbook or its inputs changed since the saved run");
    }

    @Test
    void saysSoWhenThereIsNothingToResume() {
        RecordingListener listener = new RecordingListener();
        RunSummary summary = run(bootstrap(), Options.in(stateDirectory).resume(), listener);

        assertThat(listener.text()).contains("notice no saved run of this playbook: running every step");
        assertThat(statuses(summary)).containsEntry("keyscan", StepStatus.SUCCEEDED);
    }

    @Test
    void theStateFileIsOwnerOnlyAndHoldsCompletedStepsWithOutputs() throws IOException {
        run(bootstrap(), Options.in(stateDirectory), new RecordingListener());

        Path state = stateFile();
        assertThat(state.getFileName().toString()).startsWith("bootstrap-").endsWith(".json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDirectory)))
                .isEqualTo("rwx------");
        String json = Files.readString(state);
        assertThat(json).contains("\"keyscan\"").contains("ssh-ed25519 AAAA").doesNotContain("\"install\"");
        try (var files = Files.list(stateDirectory)) {
            assertThat(files.filter(f -> f.toString().endsWith(".tmp"))).isEmpty();
        }
        // The directory usually sits in a checkout (nix-config): everything in it stays out of git.
        assertThat(stateDirectory.resolve(".gitignore")).content().endsWith("\n*\n");
    }

    @Test
    void secretsNeverReachTheStateFileOrTheListener() throws IOException {
        String password = "hunter2-password";
        String parameter = "s3cr3t-parameter";
        String token = "tok-9f8e7d6c5b";
        String learnt = "learnt-at-run-time";
        RecordingListener listener = new RecordingListener();
        TestPlaybook.Builder playbook = TestPlaybook.named("secrets").file(playbookFile)
                .variable("host", "gusto")
                .secretVariable("password", password)
                .step(echo("login", var("password")).with("secret", parameter))
                .step(secret("keygen", token, learnt))
                .step(echo("use_token", output("keygen", "token")))
                .step(echo("use_learnt", learnt))
                .step(echo("public", var("host")));

        RunSummary summary = run(playbook, Options.in(stateDirectory), listener);

        assertThat(summary.exitCode()).isZero();
        String state = Files.readString(stateFile(), StandardCharsets.UTF_8);
        String events = listener.text();
        for (String secret : List.of(password, parameter, token, learnt)) {
            assertThat(state).doesNotContain(secret);
            assertThat(events).doesNotContain(secret);
        }
        // Not vacuous: the state and the events exist and carry what is not secret.
        assertThat(state).contains("\"public\"").contains("gusto");
        assertThat(events).contains("STDERR login: logging in with ***").contains("STDOUT use_token: ***")
                .contains("INFO keygen: learnt ***");
        assertThat(listener.outputs("keygen")).containsOnlyKeys("note");
    }

    @Test
    void aResumedRunKeepsAStepWithSecretOutputsThatNoStepStillToRunNeeds() throws Exception {
        // The step is recorded as completed without its secret output: resuming does not run it again (a generated
        // key is not generated twice, a question not asked twice) unless a step that runs needs that output.
        TestPlaybook.Builder playbook = TestPlaybook.named("keys").file(playbookFile)
                .step(secret("keygen", "tok-1234567", "other-secret"))
                .step(echo("use", output("keygen", "token")))
                .step(fail("upload", "refused", 1));
        run(playbook, Options.in(stateDirectory), new RecordingListener());
        assertThat(savedState().orElseThrow()).doesNotContain("tok-1234567").contains("\"withheld\"")
                .contains("\"token\"");

        RunSummary resumed = run(playbook, Options.in(stateDirectory).resume(), new RecordingListener());

        assertThat(statuses(resumed)).containsEntry("keygen", StepStatus.RESUMED)
                .containsEntry("use", StepStatus.RESUMED)
                .containsEntry("upload", StepStatus.SUCCEEDED);
        assertThat(ExecutionLog.executions("keygen")).isEqualTo(1);
    }

    @Test
    void aStepWhoseSecretOutputAStepStillToRunNeedsRunsAgain() {
        TestPlaybook.Builder playbook = TestPlaybook.named("keys").file(playbookFile)
                .step(secret("keygen", "tok-1234567", "other-secret"))
                .step(echo("later", "unrelated"))
                .step(fail("use", "refused", 1).with("message", output("keygen", "token")));
        run(playbook, Options.in(stateDirectory), new RecordingListener());
        RecordingListener listener = new RecordingListener();

        RunSummary resumed = run(playbook, Options.in(stateDirectory).resume(), listener);

        assertThat(statuses(resumed)).containsEntry("keygen", StepStatus.SUCCEEDED)
                .containsEntry("later", StepStatus.RESUMED)
                .containsEntry("use", StepStatus.SUCCEEDED);
        assertThat(ExecutionLog.executions("keygen")).isEqualTo(2);
        assertThat(listener.text()).contains("notice 'keygen' runs again: its output 'token' held a secret, which the"
                + " saved run did not keep, and 'use' needs it");
    }

    @Test
    void aStepWhoseOutputsEndWithTheRunRunsAgainOnResume() throws IOException {
        TestPlaybook.Builder playbook = TestPlaybook.named("proxy").file(playbookFile)
                .step(workdir("proxy"))
                .step(fail("install", "refused", 1))
                .step(echo("use", output("proxy", "directory")));
        run(playbook, Options.in(stateDirectory), new RecordingListener());

        RecordingListener listener = new RecordingListener();
        RunSummary resumed = run(playbook, Options.in(stateDirectory).resume(), listener);

        // Its saved outputs would name the first run's directory, removed when that run ended.
        assertThat(statuses(resumed)).containsEntry("proxy", StepStatus.SUCCEEDED)
                .containsEntry("install", StepStatus.SUCCEEDED);
        assertThat(ExecutionLog.executions("proxy")).isEqualTo(2);
        assertThat(listener.outputs("use")).containsEntry("text", listener.outputs("proxy").get("directory"));
        // Recorded as completed with every output withheld: a later resume reruns it only for a step that needs one.
        assertThat(Files.readString(stateFile())).contains("\"proxy\" : { }")
                .containsPattern("\"withheld\" : \\{\\s*\"proxy\" : \\[ \"directory\"");
    }

    @Test
    void aCompletedStepIsSavedWhileTheRunGoesOn() throws Exception {
        Runner runner = new Runner(ThisProcess.host(), TestPlaybook.named("long").file(playbookFile)
                .step(echo("keyscan", "ssh-ed25519 AAAA"))
                .step(block("install", "install"))
                .build(), Options.in(stateDirectory).build(), new RecordingListener());
        CompletableFuture<RunSummary> result = CompletableFuture.supplyAsync(runner::run);
        try {
            assertThat(ExecutionLog.signal("install.started").await(10, TimeUnit.SECONDS)).isTrue();
            // A crash now (power loss during the install) must not lose keyscan: wait until it is on disk.
            String state = "";
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    !state.contains("ssh-ed25519 AAAA") && System.nanoTime() < deadline; Thread.sleep(10)) {
                state = savedState().orElse("");
            }
            assertThat(state).contains("\"keyscan\"").contains("ssh-ed25519 AAAA");
            assertThat(result).isNotDone();
        } finally {
            ExecutionLog.signal("install.cancelled").countDown();
        }
        assertThat(result.get(10, TimeUnit.SECONDS).exitCode()).isZero();
    }

    @Test
    void aDamagedStateFileStopsAResumeWithAClearMessage() throws IOException {
        run(bootstrap(), Options.in(stateDirectory), new RecordingListener());
        Path state = stateFile();
        Files.writeString(state, "{\"version\": 1, \"completed\": {");

        RecordingListener listener = new RecordingListener();
        RunSummary summary = run(bootstrap(), Options.in(stateDirectory).resume(), listener);

        assertThat(summary.exitCode()).isEqualTo(2);
        assertThat(listener.text()).contains("notice --resume: " + state + ": not a nixboot state file (")
                .contains("delete it to start afresh");
        assertThat(ExecutionLog.executions("keyscan")).isEqualTo(1);
    }

    @Test
    void aDamagedStateFileDoesNotStopAFreshRun() throws IOException {
        run(bootstrap(), Options.in(stateDirectory), new RecordingListener());
        Files.writeString(stateFile(), "not json");

        RunSummary summary = run(bootstrap(), Options.in(stateDirectory), new RecordingListener());

        assertThat(statuses(summary)).containsEntry("keyscan", StepStatus.SUCCEEDED);
        assertThat(Files.readString(stateFile())).contains("\"keyscan\"");
    }

    @Test
    void savedOutputsKeepTheirTypes() {
        TestPlaybook.Builder typed = TestPlaybook.named("typed").file(playbookFile)
                .step(fail("counted", "x", 0))
                .step(echo("uses", output("counted", "executions")));
        run(typed, Options.in(stateDirectory), new RecordingListener());

        RecordingListener listener = new RecordingListener();
        run(typed, Options.in(stateDirectory).resume(), listener);

        assertThat(listener.outputs("counted")).containsEntry("executions", 1);
    }

    @Test
    void playbooksWithOneNameInTwoDirectoriesKeepSeparateStates() throws IOException {
        Path other = Files.createDirectories(directory.resolve("other"));
        Path otherFile = Files.writeString(other.resolve("bootstrap.yaml"), "name: bootstrap\n");
        run(bootstrap(), Options.in(stateDirectory), new RecordingListener());
        run(TestPlaybook.named("bootstrap").file(otherFile).step(echo("only", "x")), Options.in(stateDirectory),
                new RecordingListener());

        try (var files = Files.list(stateDirectory)) {
            assertThat(files.filter(file -> file.getFileName().toString().endsWith(".json"))).hasSize(2);
        }
    }
}
