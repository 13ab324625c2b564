package dev.nixboot.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.Engines;
import dev.nixboot.engine.PlaybookEngine;
import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.PlannedStep;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.compile.CompiledPlaybook;
import dev.nixboot.engine.run.fixture.ExecutionLog;
import dev.nixboot.engine.run.fixture.Options;
import dev.nixboot.engine.run.fixture.RecordingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run half behind the real compile pipeline: a YAML playbook with real templates, compiled by the engine, then
 * planned, run and resumed as {@code nixboot run} does.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlaybookRunTest {
    private static final String PASSWORD = "hunter2-password";

    @TempDir
    Path directory;

    private Path stateDirectory;
    private final PlaybookEngine engine = Engines.create(ThisProcess.host(), List.of());

    @BeforeEach
    void setUp() {
        ExecutionLog.reset();
        stateDirectory = directory.resolve(".nixboot");
    }

    private CompiledPlaybook compile(String yaml, String... assignments) throws Exception {
        Path file = Files.writeString(directory.resolve("bootstrap.yaml"), yaml);
        return engine.compile(file, new VariableInputs(List.of(), List.of(assignments)));
    }

    private String bootstrap() {
        String barrier = UUID.randomUUID().toString();
        return """
                name: bootstrap
                vars:
                  host: {type: string, default: gusto}
                  swap: {type: int, default: 0}
                  password: {type: string, secret: true, default: %s}
                steps:
                  - id: keyscan
                    type: test.echo
                    with: {message: "ssh-ed25519 AAAA ${{ host }}"}
                  - id: install
                    type: run.fail
                    with: {message: "network down", failures: 1}
                  - id: configure
                    type: test.echo
                    with:
                      message: "${{ steps.keyscan.outputs.text }}"
                      secret: "${{ password }}"
                  - id: swapfile
                    type: test.echo
                    when: ${{ swap > 0 }}
                    with: {message: "swap ${{ swap }}"}
                  - id: after_swap
                    type: test.echo
                    with: {message: done}
                  - id: docs
                    type: run.barrier
                    needs: []
                    with: {barrier: "%s", parties: 2, wait_millis: 10000}
                  - id: notes
                    type: run.barrier
                    needs: []
                    with: {barrier: "%s", parties: 2, wait_millis: 10000}
                """.formatted(PASSWORD, barrier, barrier);
    }

    private static Map<String, StepStatus> statuses(RunSummary summary) {
        return summary.steps().stream()
                .collect(Collectors.toMap(RunSummary.StepResult::id, RunSummary.StepResult::status));
    }

    @Test
    void runsFailsAndResumesACompiledPlaybook() throws Exception {
        CompiledPlaybook playbook = compile(bootstrap());

        RunSummary first = engine.run(playbook, Options.in(stateDirectory).build(), new RecordingListener());

        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(statuses(first))
                .containsEntry("keyscan", StepStatus.SUCCEEDED)
                .containsEntry("install", StepStatus.FAILED)
                .containsEntry("configure", StepStatus.SKIPPED_DEPENDENCY)
                .containsEntry("docs", StepStatus.SUCCEEDED)
                .containsEntry("notes", StepStatus.SUCCEEDED);

        RecordingListener listener = new RecordingListener();
        RunSummary resumed = engine.run(
                compile(bootstrap()), Options.in(stateDirectory).resume().build(), listener);

        assertThat(resumed.exitCode()).isZero();
        assertThat(statuses(resumed))
                .containsEntry("keyscan", StepStatus.RESUMED)
                .containsEntry("install", StepStatus.SUCCEEDED)
                .containsEntry("configure", StepStatus.SUCCEEDED)
                .containsEntry("swapfile", StepStatus.SKIPPED_CONDITION)
                .containsEntry("after_swap", StepStatus.SUCCEEDED);
        assertThat(ExecutionLog.executions("keyscan")).isEqualTo(1);
        assertThat(listener.outputs("configure")).containsEntry("text", "ssh-ed25519 AAAA gusto");
        assertThat(listener.text()).contains("logging in with ***").doesNotContain(PASSWORD);
        try (Stream<Path> files = Files.list(stateDirectory)) {
            for (Path state :
                    files.filter(file -> file.toString().endsWith(".json")).toList()) {
                assertThat(Files.readString(state)).doesNotContain(PASSWORD).contains("ssh-ed25519 AAAA gusto");
            }
        }
    }

    @Test
    void aConditionSeesTypedVariables() throws Exception {
        RunSummary summary = engine.run(
                compile(bootstrap(), "swap=8"),
                Options.in(stateDirectory).only("swapfile").build(),
                new RecordingListener());

        assertThat(statuses(summary)).containsEntry("swapfile", StepStatus.SUCCEEDED);
    }

    @Test
    void aStepUsingAnOutputOfAStepLeftOutFailsClearly() throws Exception {
        RunSummary summary = engine.run(
                compile(bootstrap()),
                Options.in(stateDirectory).only("configure").build(),
                new RecordingListener());

        RunSummary.StepResult configure = summary.steps().get(2);
        assertThat(configure.status()).isEqualTo(StepStatus.FAILED);
        assertThat(configure.error())
                .contains("steps.keyscan.outputs.text")
                .contains("('keyscan' did not run: not in --only)");
    }

    @Test
    void aStepUsingAnOutputOfAStepSkippedByItsConditionSaysSo() throws Exception {
        RunSummary summary = engine.run(compile("""
                name: skipped producer
                vars:
                  swap: {type: int, default: 0}
                steps:
                  - id: swapfile
                    type: test.echo
                    when: ${{ swap > 0 }}
                    with: {message: "/swapfile"}
                  - id: fstab
                    type: test.echo
                    with: {message: "${{ steps.swapfile.outputs.text }} none swap"}
                """), Options.in(stateDirectory).build(), new RecordingListener());

        assertThat(statuses(summary))
                .containsEntry("swapfile", StepStatus.SKIPPED_CONDITION)
                .containsEntry("fstab", StepStatus.FAILED);
        assertThat(summary.steps().get(1).error())
                .contains("steps.swapfile.outputs.text")
                .endsWith(" ('swapfile' was skipped: when: ${{ swap > 0 }} is false)");
    }

    @Test
    void aStepUsingAnOutputOfAStepThatFailedUnderContinueOnErrorSaysWhy() throws Exception {
        RecordingListener listener = new RecordingListener();
        RunSummary summary = engine.run(compile("""
                name: failed producer
                steps:
                  - id: probe
                    type: run.fail
                    continue_on_error: true
                    with: {message: "no route to host", failures: -1}
                  - id: report
                    type: test.echo
                    with: {message: "probed ${{ steps.probe.outputs.executions }} times"}
                """), Options.in(stateDirectory).build(), listener);

        assertThat(statuses(summary)).containsEntry("report", StepStatus.FAILED);
        assertThat(summary.steps().get(1).error()).endsWith(" ('probe' failed: no route to host)");
        assertThat(listener.lines())
                .anyMatch(line -> line.startsWith("finished report FAILED")
                        && line.endsWith(" ('probe' failed: no route to host)"));
    }

    @Test
    void aDryRunOfACompiledPlaybookShowsPlaceholdersAndTouchesNothing() throws Exception {
        List<PlannedStep> plan =
                engine.plan(compile(bootstrap()), Options.in(stateDirectory).build());

        PlannedStep configure = plan.get(2);
        assertThat(configure.parameters())
                .containsEntry("message", "<steps.keyscan.outputs.text>")
                .containsEntry("secret", "***");
        assertThat(configure.actions()).containsExactly("echo <steps.keyscan.outputs.text> --password ***");
        assertThat(plan.toString()).doesNotContain(PASSWORD);
        assertThat(stateDirectory).doesNotExist();
        assertThat(ExecutionLog.totalExecutions()).isZero();
    }
}
