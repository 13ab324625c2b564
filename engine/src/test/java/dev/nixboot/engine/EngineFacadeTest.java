package dev.nixboot.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.api.CompiledPlaybook;
import dev.nixboot.engine.api.PlannedStep;
import dev.nixboot.engine.api.PlaybookEngine;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.run.fixture.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The engine as the command line sees it: compile, then plan or run, through {@link PlaybookEngine}. */
class EngineFacadeTest {
    @TempDir
    Path directory;

    private CompiledPlaybook compile(PlaybookEngine engine) throws Exception {
        Path file = directory.resolve("book.yaml");
        Files.writeString(file, """
                vars:
                  who: {type: string, default: world}
                  password: {type: string, secret: true, default: hunter2}
                steps:
                  - id: greet
                    type: test.echo
                    with: {message: "hello ${{ who }} ${{ password }}"}
                  - id: again
                    type: test.echo
                    with: {message: "${{ steps.greet.outputs.text }}!"}
                """);
        return engine.compile(file, new VariableInputs(List.of(), List.of("who=ada")));
    }

    @Test
    void plansACompiledPlaybookWithPlaceholdersAndMaskedSecrets() throws Exception {
        PlaybookEngine engine = Engines.create(ThisProcess.host(), List.of());
        List<PlannedStep> plan = engine.plan(compile(engine), Options.in(directory.resolve(".nixboot")).build());
        assertThat(plan).extracting(PlannedStep::id).containsExactly("greet", "again");
        assertThat(plan.get(0).parameters()).containsEntry("message", "hello ada ***");
        assertThat(plan.get(0).actions()).containsExactly("echo hello ada ***");
        assertThat(plan.get(1).parameters()).containsEntry("message", "<steps.greet.outputs.text>!");
    }

    @Test
    @Timeout(30)
    void runsACompiledPlaybook() throws Exception {
        PlaybookEngine engine = Engines.create(ThisProcess.host(), List.of());
        RunSummary summary = engine.run(compile(engine), Options.in(directory.resolve(".nixboot")).build(),
                new RunListener() {});
        assertThat(summary.exitCode()).isZero();
        assertThat(summary.steps()).extracting(RunSummary.StepResult::status)
                .containsExactly(StepStatus.SUCCEEDED, StepStatus.SUCCEEDED);
    }
}
