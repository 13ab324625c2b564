package dev.nixboot.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.PlannedStep;
import dev.nixboot.engine.compile.CompiledPlaybook;
import dev.nixboot.engine.run.Runner;
import dev.nixboot.engine.run.fixture.ExecutionLog;
import dev.nixboot.engine.run.fixture.Options;
import dev.nixboot.engine.run.fixture.RecordingListener;
import dev.nixboot.engine.run.fixture.TestPlaybook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The dry run: what each step would do, with what it cannot know yet shown as such, and nothing done. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PlannerTest {
    @TempDir
    Path directory;

    private Path temp;
    private String originalTemp;
    private Path stateDirectory;

    @BeforeEach
    void setUp() throws IOException {
        ExecutionLog.reset();
        // A temp directory of our own, so the test can see that nothing was created in it.
        temp = Files.createDirectories(directory.resolve("tmp"));
        originalTemp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", temp.toString());
        stateDirectory = directory.resolve("work").resolve(".nixboot");
    }

    @AfterEach
    void restoreTemp() {
        System.setProperty("java.io.tmpdir", originalTemp);
    }

    private CompiledPlaybook bootstrap() {
        return TestPlaybook.compile(directory.resolve("bootstrap.yaml"), """
                name: bootstrap
                vars:
                  host: {type: string, default: gusto}
                  password: {type: string, secret: true}
                  swap: {type: int, default: 0}
                steps:
                  - {id: keyscan, type: test.echo, with: {message: "${{ host }}"}}
                  - id: login
                    type: test.echo
                    with: {message: "${{ steps.keyscan.outputs.text }}", secret: "${{ password }}"}
                  - id: retry_count
                    type: run.fail
                    with: {message: x, failures: "${{ steps.keyscan.outputs.text }}"}
                  - {id: generate, type: run.workdir, needs: [keyscan], when: "${{ swap > 0 }}"}
                  - {id: parallel, type: test.echo, needs: [], tags: [docs], with: {message: p}}
                """, "password=hunter2-password");
    }

    private List<PlannedStep> plan(Options options) throws Exception {
        return new Planner(ThisProcess.host()).plan(bootstrap(), options.build());
    }

    @Test
    void listsStepsInOrderWithResolvedParametersNeedsAndActions() throws Exception {
        List<PlannedStep> plan = plan(Options.in(stateDirectory));

        assertThat(plan)
                .extracting(PlannedStep::id)
                .containsExactly("keyscan", "login", "retry_count", "generate", "parallel");
        PlannedStep keyscan = plan.get(0);
        assertThat(keyscan.type()).isEqualTo("test.echo");
        assertThat(keyscan.parameters()).containsEntry("message", "gusto");
        assertThat(keyscan.actions()).containsExactly("echo gusto");
        assertThat(plan.get(3).needs()).containsExactly("keyscan");
        assertThat(plan.get(3).when()).isEqualTo("${{ swap > 0 }}");
        assertThat(plan.get(4).needs()).isEmpty();
        assertThat(plan).allMatch(PlannedStep::selected);
    }

    @Test
    void showsPlaceholdersForOutputsNotKnownBeforeTheRun() throws Exception {
        List<PlannedStep> plan = plan(Options.in(stateDirectory));

        PlannedStep login = plan.get(1);
        assertThat(login.parameters()).containsEntry("message", "<steps.keyscan.outputs.text>");
        assertThat(login.actions()).containsExactly("echo <steps.keyscan.outputs.text> --password ***");
        // A number cannot hold a placeholder: the step is shown, its command comes at run time.
        PlannedStep count = plan.get(2);
        assertThat(count.parameters()).containsEntry("failures", "<steps.keyscan.outputs.text>");
        assertThat(count.actions()).containsExactly("(resolved at run time)");
    }

    @Test
    void masksSecretsInParametersAndActions() throws Exception {
        List<PlannedStep> plan = plan(Options.in(stateDirectory));

        assertThat(plan.get(1).parameters()).containsEntry("secret", "***");
        assertThat(plan.toString()).doesNotContain("hunter2-password");
    }

    @Test
    void marksStepsTheSelectionLeavesOut() throws Exception {
        List<PlannedStep> plan = plan(Options.in(stateDirectory).only("login", "parallel"));

        assertThat(plan).extracting(PlannedStep::selected).containsExactly(false, true, false, false, true);
    }

    @Test
    void aResumePlanShowsSavedOutputsAndLeavesCompletedStepsOut() throws Exception {
        new Runner(ThisProcess.host(), bootstrap(), Options.in(stateDirectory).build(), new RecordingListener()).run();

        List<PlannedStep> plan = plan(Options.in(stateDirectory).resume());

        assertThat(plan.get(0).selected()).isFalse();
        assertThat(plan.get(1).parameters()).containsEntry("message", "gusto");
    }

    @Test
    void aDryRunCreatesNoFileAndExecutesNoStep() throws Exception {
        plan(Options.in(stateDirectory).resume());

        assertThat(stateDirectory).doesNotExist();
        assertThat(stateDirectory.getParent()).doesNotExist();
        try (Stream<Path> files = Files.list(temp)) {
            assertThat(files).isEmpty();
        }
        assertThat(ExecutionLog.totalExecutions()).isZero();
    }

    @Test
    void aDryRunLeavesAnExistingStateFileAlone() throws Exception {
        new Runner(ThisProcess.host(), bootstrap(), Options.in(stateDirectory).build(), new RecordingListener()).run();
        List<Path> before;
        try (Stream<Path> files = Files.list(stateDirectory)) {
            before = files.sorted().toList();
        }
        Path state = before.stream()
                .filter(file -> file.toString().endsWith(".json"))
                .findFirst()
                .orElseThrow();
        byte[] content = Files.readAllBytes(state);
        FileTime modified = Files.getLastModifiedTime(state);
        ExecutionLog.reset();

        plan(Options.in(stateDirectory).resume());

        assertThat(Files.readAllBytes(state)).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(state)).isEqualTo(modified);
        try (Stream<Path> files = Files.list(stateDirectory)) {
            assertThat(files.sorted()).containsExactlyElementsOf(before);
        }
        try (Stream<Path> files = Files.list(temp)) {
            assertThat(files).isEmpty();
        }
        assertThat(ExecutionLog.totalExecutions()).isZero();
    }
}
