package dev.nixboot.engine.plan;

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
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --only}, {@code --skip}, {@code --tags} and {@code --from}: what runs, and what the rest lends it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SelectionTest {
    @TempDir
    Path directory;

    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void reset() {
        ExecutionLog.reset();
    }

    private CompiledPlaybook playbook() {
        return TestPlaybook.compile(directory.resolve("select.yaml"), """
                steps:
                  - {id: keyscan, type: test.echo, tags: [ssh], with: {message: ssh-ed25519 AAAA}}
                  - {id: install, type: test.echo, tags: [install], with: {message: "${{ steps.keyscan.outputs.text }}"}}
                  - {id: configure, type: test.echo, tags: [ssh, config], with: {message: configured}}
                  - {id: notes, type: test.echo, needs: [], tags: [docs], with: {message: written}}
                """);
    }

    private RunSummary run(Options options) {
        return new Runner(ThisProcess.host(), playbook(), options.build(), listener).run();
    }

    private Options options() {
        return Options.in(directory.resolve(".nixboot"));
    }

    private static Map<String, StepStatus> statuses(RunSummary summary) {
        return summary.steps().stream()
                .collect(Collectors.toMap(RunSummary.StepResult::id, RunSummary.StepResult::status));
    }

    @Test
    void onlyRunsTheNamedStepsAndTheirDependentsStillWaitForThem() {
        RunSummary summary = run(options().only("configure", "notes"));

        assertThat(statuses(summary))
                .containsEntry("keyscan", StepStatus.NOT_SELECTED)
                .containsEntry("install", StepStatus.NOT_SELECTED)
                .containsEntry("configure", StepStatus.SUCCEEDED)
                .containsEntry("notes", StepStatus.SUCCEEDED);
        assertThat(ExecutionLog.order()).containsExactlyInAnyOrder("configure", "notes");
        assertThat(summary.exitCode()).isZero();
    }

    @Test
    void skipLeavesAStepOutAndItsDependentsRun() {
        RunSummary summary = run(options().skip("install"));

        assertThat(statuses(summary))
                .containsEntry("install", StepStatus.NOT_SELECTED)
                .containsEntry("configure", StepStatus.SUCCEEDED);
        assertThat(summary.steps().get(1).error()).isEqualTo("--skip");
    }

    @Test
    void tagsRunOnlyStepsCarryingOneOfThem() {
        RunSummary summary = run(options().tags("ssh"));

        assertThat(ExecutionLog.order()).containsExactly("keyscan", "configure");
        assertThat(statuses(summary)).containsEntry("notes", StepStatus.NOT_SELECTED);
    }

    @Test
    void anOutputOfAStepThatDidNotRunFailsTheStepThatUsesItClearly() {
        RunSummary summary = run(options().only("install"));

        assertThat(statuses(summary)).containsEntry("install", StepStatus.FAILED);
        assertThat(summary.steps().get(1).error())
                .isEqualTo("with.message: ${{ steps.keyscan.outputs.text }}: step 'keyscan' has no outputs: it has not"
                        + " run (was it skipped?) ('keyscan' did not run: not in --only)");
    }

    @Test
    void fromTreatsAncestorsAsDoneAndUsesTheirSavedOutputs() {
        run(options());
        ExecutionLog.reset();

        RunSummary summary = new Runner(
                        ThisProcess.host(),
                        playbook(),
                        options().from("install").build(),
                        listener)
                .run();

        assertThat(statuses(summary))
                .containsEntry("keyscan", StepStatus.NOT_SELECTED)
                .containsEntry("install", StepStatus.SUCCEEDED)
                .containsEntry("configure", StepStatus.SUCCEEDED)
                .containsEntry("notes", StepStatus.SUCCEEDED);
        assertThat(summary.steps().get(0).error()).isEqualTo("before --from install");
        assertThat(ExecutionLog.executions("keyscan")).isZero();
        assertThat(listener.outputs("install")).containsEntry("text", "ssh-ed25519 AAAA");
    }

    @Test
    void anUnknownStepIdIsABadUsageWithASuggestion() {
        RunSummary summary = run(options().only("instal"));

        assertThat(summary.exitCode()).isEqualTo(2);
        assertThat(listener.text()).contains("notice --only: no step has the id 'instal' (did you mean 'install'?)");
        assertThat(ExecutionLog.totalExecutions()).isZero();
    }

    @Test
    void anUnknownTagIsABadUsage() {
        RunSummary summary = run(options().tags("shh"));

        assertThat(summary.exitCode()).isEqualTo(2);
        assertThat(listener.text()).contains("notice --tags: no step has the tag 'shh' (did you mean 'ssh'?)");
    }
}
