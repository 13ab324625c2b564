package dev.nixboot.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import dev.nixboot.engine.compile.CompiledPlaybook;
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

    private static final String BOOTSTRAP = """
            name: bootstrap
            steps:
              - {id: keyscan, type: test.echo, with: {message: ssh-ed25519 AAAA}}
              - {id: install, type: run.fail, with: {message: network down, failures: 1}}
              - {id: configure, type: test.echo, with: {message: "${{ steps.keyscan.outputs.text }}"}}
            """;

    @BeforeEach
    void setUp() {
        ExecutionLog.reset();
        playbookFile = directory.resolve("bootstrap.yaml");
        stateDirectory = directory.resolve(".nixboot");
    }

    private CompiledPlaybook compile(String yaml, String... assignments) {
        return TestPlaybook.compile(playbookFile, yaml, assignments);
    }

    private CompiledPlaybook bootstrap() {
        return compile(BOOTSTRAP);
    }

    private RunSummary run(CompiledPlaybook playbook, Options options, RecordingListener listener) {
        return new Runner(ThisProcess.host(), playbook, options.build(), listener).run();
    }

    private static Map<String, StepStatus> statuses(RunSummary summary) {
        return summary.steps().stream()
                .collect(Collectors.toMap(RunSummary.StepResult::id, RunSummary.StepResult::status));
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
            List<Path> saved = files.filter(
                            file -> file.getFileName().toString().endsWith(".json"))
                    .toList();
            return saved.isEmpty() ? Optional.empty() : Optional.of(Files.readString(saved.get(0)));
        }
    }

    /** The state file: the directory holds it and the run lock beside it. */
    private Path stateFile() throws IOException {
        try (var files = Files.list(stateDirectory)) {
            List<Path> all = files.filter(file -> file.getFileName().toString().endsWith(".json"))
                    .toList();
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

        assertThat(statuses(resumed))
                .containsEntry("keyscan", StepStatus.RESUMED)
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
        CompiledPlaybook edited = compile(BOOTSTRAP + "# edited\n");

        RecordingListener listener = new RecordingListener();
        run(edited, Options.in(stateDirectory).resume(), listener);

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
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
                .isEqualTo("rw-------");
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
        CompiledPlaybook playbook = compile("""
                name: secrets
                vars:
                  host: {type: string, default: gusto}
                  password: {type: string, secret: true}
                steps:
                  - {id: login, type: test.echo, with: {message: "${{ password }}", secret: %s}}
                  - {id: keygen, type: run.secret, with: {token: %s, learnt: %s}}
                  - {id: use_token, type: test.echo, with: {message: "${{ steps.keygen.outputs.token }}"}}
                  - {id: use_learnt, type: test.echo, with: {message: %s}}
                  - {id: public, type: test.echo, with: {message: "${{ host }}"}}
                """.formatted(parameter, token, learnt, learnt), "password=" + password);

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
        assertThat(events)
                .contains("STDERR login: logging in with ***")
                .contains("STDOUT use_token: ***")
                .contains("INFO keygen: learnt ***");
        assertThat(listener.outputs("keygen")).containsOnlyKeys("note");
    }

    @Test
    void aResumedRunKeepsAStepWithSecretOutputsThatNoStepStillToRunNeeds() throws Exception {
        // The step is recorded as completed without its secret output: resuming does not run it again (a generated
        // key is not generated twice, a question not asked twice) unless a step that runs needs that output.
        CompiledPlaybook playbook = compile("""
                steps:
                  - {id: keygen, type: run.secret, with: {token: tok-1234567, learnt: other-secret}}
                  - {id: use, type: test.echo, with: {message: "${{ steps.keygen.outputs.token }}"}}
                  - {id: upload, type: run.fail, with: {message: refused, failures: 1}}
                """);
        run(playbook, Options.in(stateDirectory), new RecordingListener());
        assertThat(savedState().orElseThrow())
                .doesNotContain("tok-1234567")
                .contains("\"withheld\"")
                .contains("\"token\"");

        RunSummary resumed = run(playbook, Options.in(stateDirectory).resume(), new RecordingListener());

        assertThat(statuses(resumed))
                .containsEntry("keygen", StepStatus.RESUMED)
                .containsEntry("use", StepStatus.RESUMED)
                .containsEntry("upload", StepStatus.SUCCEEDED);
        assertThat(ExecutionLog.executions("keygen")).isEqualTo(1);
    }

    @Test
    void aStepWhoseSecretOutputAStepStillToRunNeedsRunsAgain() {
        CompiledPlaybook playbook = compile("""
                steps:
                  - {id: keygen, type: run.secret, with: {token: tok-1234567, learnt: other-secret}}
                  - {id: later, type: test.echo, with: {message: unrelated}}
                  - {id: use, type: run.fail, with: {message: "${{ steps.keygen.outputs.token }}", failures: 1}}
                """);
        run(playbook, Options.in(stateDirectory), new RecordingListener());
        RecordingListener listener = new RecordingListener();

        RunSummary resumed = run(playbook, Options.in(stateDirectory).resume(), listener);

        assertThat(statuses(resumed))
                .containsEntry("keygen", StepStatus.SUCCEEDED)
                .containsEntry("later", StepStatus.RESUMED)
                .containsEntry("use", StepStatus.SUCCEEDED);
        assertThat(ExecutionLog.executions("keygen")).isEqualTo(2);
        assertThat(listener.text())
                .contains("notice 'keygen' runs again: its output 'token' held a secret, which the"
                        + " saved run did not keep, and 'use' needs it");
    }

    @Test
    void aStepWhoseOutputsEndWithTheRunRunsAgainOnResume() throws IOException {
        CompiledPlaybook playbook = compile("""
                steps:
                  - {id: proxy, type: run.workdir}
                  - {id: install, type: run.fail, with: {message: refused, failures: 1}}
                  - {id: use, type: test.echo, with: {message: "${{ steps.proxy.outputs.directory }}"}}
                """);
        run(playbook, Options.in(stateDirectory), new RecordingListener());

        RecordingListener listener = new RecordingListener();
        RunSummary resumed = run(playbook, Options.in(stateDirectory).resume(), listener);

        // Its saved outputs would name the first run's directory, removed when that run ended.
        assertThat(statuses(resumed))
                .containsEntry("proxy", StepStatus.SUCCEEDED)
                .containsEntry("install", StepStatus.SUCCEEDED);
        assertThat(ExecutionLog.executions("proxy")).isEqualTo(2);
        assertThat(listener.outputs("use"))
                .containsEntry("text", listener.outputs("proxy").get("directory"));
        // Recorded as completed with every output withheld: a later resume reruns it only for a step that needs one.
        assertThat(Files.readString(stateFile()))
                .contains("\"proxy\" : { }")
                .containsPattern("\"withheld\" : \\{\\s*\"proxy\" : \\[ \"directory\"");
    }

    @Test
    void aCompletedStepIsSavedWhileTheRunGoesOn() throws Exception {
        Runner runner = new Runner(
                ThisProcess.host(), compile("""
                steps:
                  - {id: keyscan, type: test.echo, with: {message: ssh-ed25519 AAAA}}
                  - {id: install, type: run.block, with: {name: install}}
                """), Options.in(stateDirectory).build(), new RecordingListener());
        CompletableFuture<RunSummary> result = CompletableFuture.supplyAsync(runner::run);
        try {
            assertThat(ExecutionLog.signal("install.started").await(10, TimeUnit.SECONDS))
                    .isTrue();
            // A crash now (power loss during the install) must not lose keyscan: wait until it is on disk.
            String state = "";
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    !state.contains("ssh-ed25519 AAAA") && System.nanoTime() < deadline;
                    Thread.sleep(10)) {
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
        assertThat(listener.text())
                .contains("notice --resume: " + state + ": not a nixboot state file (")
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
        CompiledPlaybook typed = compile("""
                steps:
                  - {id: counted, type: run.fail, with: {message: x, failures: 0}}
                  - {id: uses, type: test.echo, with: {message: "${{ steps.counted.outputs.executions }}"}}
                """);
        run(typed, Options.in(stateDirectory), new RecordingListener());

        RecordingListener listener = new RecordingListener();
        run(typed, Options.in(stateDirectory).resume(), listener);

        assertThat(listener.outputs("counted")).containsEntry("executions", 1);
    }

    @Test
    void playbooksWithOneNameInTwoDirectoriesKeepSeparateStates() throws IOException {
        Path other = Files.createDirectories(directory.resolve("other"));
        run(bootstrap(), Options.in(stateDirectory), new RecordingListener());
        run(
                TestPlaybook.compile(other.resolve("bootstrap.yaml"), """
                name: bootstrap
                steps: [{id: only, type: test.echo, with: {message: x}}]
                """),
                Options.in(stateDirectory),
                new RecordingListener());

        try (var files = Files.list(stateDirectory)) {
            assertThat(files.filter(file -> file.getFileName().toString().endsWith(".json")))
                    .hasSize(2);
        }
    }
}
