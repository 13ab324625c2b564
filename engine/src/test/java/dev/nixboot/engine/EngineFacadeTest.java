package dev.nixboot.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.api.LocalHost;
import dev.nixboot.engine.api.PlannedStep;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.compile.CompiledPlaybook;
import dev.nixboot.engine.run.fixture.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        List<PlannedStep> plan = engine.plan(
                compile(engine), Options.in(directory.resolve(".nixboot")).build());
        assertThat(plan).extracting(PlannedStep::id).containsExactly("greet", "again");
        assertThat(plan.get(0).parameters()).containsEntry("message", "hello ada ***");
        assertThat(plan.get(0).actions()).containsExactly("echo hello ada ***");
        assertThat(plan.get(1).parameters()).containsEntry("message", "<steps.greet.outputs.text>!");
    }

    /**
     * The engine sees the machine it is handed, not the JVM's: a relative vars file resolves against the given working
     * directory and {@code env.NAME} comes from the given environment.
     */
    @Test
    void compilesAndPlansForTheLocalHostItIsGiven() throws Exception {
        Files.writeString(directory.resolve("answers.yaml"), "who: bob\n");
        Path file = directory.resolve("book.yaml");
        Files.writeString(file, """
                vars:
                  who: {type: string}
                steps:
                  - id: greet
                    type: test.echo
                    with: {message: "${{ env.NIXBOOT_TEST_GREETING }} ${{ who }} in ${{ working_dir }}"}
                """);
        PlaybookEngine engine = Engines.create(
                new LocalHost(directory, Map.of("NIXBOOT_TEST_GREETING", "hello"), directory), List.of());
        CompiledPlaybook playbook =
                engine.compile(file, new VariableInputs(List.of(Path.of("answers.yaml")), List.of()));
        List<PlannedStep> plan =
                engine.plan(playbook, Options.in(directory.resolve(".nixboot")).build());
        assertThat(plan.get(0).parameters()).containsEntry("message", "hello bob in " + directory);
    }

    /** A playbook named relative to the LocalHost's working directory lives there, not in the JVM's directory. */
    @Test
    void aRelativePlaybookLivesInTheLocalHostsWorkingDirectory() throws Exception {
        Files.writeString(directory.resolve("book.yaml"), """
                steps:
                  - {id: where, type: test.echo, with: {message: "${{ playbook_dir }}"}}
                """);
        PlaybookEngine engine = Engines.create(new LocalHost(directory, Map.of(), directory), List.of());
        CompiledPlaybook playbook = engine.compile(Path.of("book.yaml"), VariableInputs.none());
        List<PlannedStep> plan =
                engine.plan(playbook, Options.in(directory.resolve(".nixboot")).build());
        assertThat(playbook.file()).isEqualTo(directory.resolve("book.yaml"));
        assertThat(plan.get(0).parameters()).containsEntry("message", directory.toString());
    }

    @Test
    @Timeout(30)
    void runsACompiledPlaybook() throws Exception {
        PlaybookEngine engine = Engines.create(ThisProcess.host(), List.of());
        RunSummary summary = engine.run(
                compile(engine), Options.in(directory.resolve(".nixboot")).build(), new RunListener() {});
        assertThat(summary.exitCode()).isZero();
        assertThat(summary.steps())
                .extracting(RunSummary.StepResult::status)
                .containsExactly(StepStatus.SUCCEEDED, StepStatus.SUCCEEDED);
    }
}
