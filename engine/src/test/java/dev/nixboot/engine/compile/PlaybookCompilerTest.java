package dev.nixboot.engine.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.Problem;
import dev.nixboot.engine.api.ProblemFormatter;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.fixture.RecordStep;
import dev.nixboot.engine.model.CompiledPlaybookModel;
import dev.nixboot.engine.model.CompiledStep;
import dev.nixboot.engine.model.RunScope;
import dev.nixboot.engine.spi.StepFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookCompilerTest {
    @TempDir
    Path directory;

    private final PlaybookCompiler compiler = new PlaybookCompiler(StepRegistry.discover(List.of(),
            PlaybookCompilerTest.class.getClassLoader()));

    private CompiledPlaybookModel compile(String yaml, String... assignments) throws Exception {
        Path file = directory.resolve("playbook.yaml");
        Files.writeString(file, yaml);
        return compiler.compile(Path.of("playbook.yaml"), new VariableInputs(List.of(), List.of(assignments)),
                directory, Map.of("HOME", "/home/test"));
    }

    private List<Problem> problems(String yaml, String... assignments) {
        try {
            compile(yaml, assignments);
        } catch (PlaybookException e) {
            return e.problems();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected problems");
    }

    private static RunScope scope(CompiledPlaybookModel playbook, Map<String, Map<String, Object>> outputs,
            boolean planning) {
        return new RunScope(playbook.variableValues(), outputs, Map.of("HOME", "/home/test"), Path.of("/p"),
                Path.of("/w"), Path.of("/r"), planning);
    }

    @Test
    void bindsEveryParameterKindFromYaml() throws Exception {
        CompiledPlaybookModel playbook = compile("""
                name: demo
                vars:
                  swapSize: {type: int, default: 8}
                steps:
                  - id: rec
                    type: test.record
                    with:
                      argv: [echo, "${{ swapSize }}", no]
                      text: 0755
                      port: 2222
                      big: 9000000000
                      flag: true
                      mode: very-slow
                      timeout: 1h30m
                      path: /etc/nixos
                      codes: [0, 2]
                      env: {A: on, B: "x"}
                      server: {host: gusto}
                      ratio: 1.5
                """);
        CompiledStep step = playbook.steps().get(0);
        RecordStep.Parameters p = (RecordStep.Parameters) step.parameters(scope(playbook, Map.of(), false));
        assertThat(p.argv()).containsExactly("echo", "8", "no");
        assertThat(p.text()).isEqualTo("0755");
        assertThat(p.port()).isEqualTo(2222);
        assertThat(p.big()).isEqualTo(9_000_000_000L);
        assertThat(p.flag()).isTrue();
        assertThat(p.mode()).isEqualTo(RecordStep.Mode.VERY_SLOW);
        assertThat(p.timeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(p.path()).isEqualTo(Path.of("/etc/nixos"));
        assertThat(p.codes()).containsExactly(0, 2);
        assertThat(p.env()).containsEntry("A", "on").containsEntry("B", "x");
        assertThat(p.server()).isEqualTo(new RecordStep.Server("gusto", 22));
        assertThat(p.ratio()).isEqualTo(1.5);
        assertThat(p.names()).containsExactly("a");
    }

    @Test
    void reportsEveryProblemWithItsLocation() {
        List<Problem> problems = problems("""
                steps:
                  - id: a
                    type: test.record
                    with:
                      port: 70000
                      flag: yes
                  - id: b
                    type: test.ecko
                """);
        assertThat(problems).extracting(p -> p.location().line() + ":" + p.location().column() + ": " + p.path()
                + ": " + p.message()).containsExactly(
                        "5:13: steps[0].with.port: must be at most 65535",
                        "6:13: steps[0].with.flag: 'yes' is ambiguous in YAML: write true or false",
                        "8:11: steps[1].type: unknown step type 'test.ecko' (did you mean 'test.echo'?)");
    }

    @Test
    void formatsProblemsLikeACompiler() {
        List<Problem> problems = problems("""
                steps:
                  - id: a
                    type: test.record
                    with:
                      port: 70000
                """);
        assertThat(ProblemFormatter.format(problems)).isEqualTo("""
                playbook.yaml:5:13: steps[0].with.port: must be at most 65535
                      port: 70000
                            ^
                """);
    }

    @Test
    void resolvesOutputsAtRunTimeAndPlaceholdersWhilePlanning() throws Exception {
        CompiledPlaybookModel playbook = compile("""
                steps:
                  - id: first
                    type: test.echo
                    with: {message: hi}
                  - id: second
                    type: test.echo
                    with:
                      message: "got ${{ steps.first.outputs.text }}"
                """);
        CompiledStep second = playbook.steps().get(1);
        assertThat(second.displayParameters(scope(playbook, Map.of(), true)))
                .containsEntry("message", "got <steps.first.outputs.text>");
        var run = second.parameters(scope(playbook, Map.of("first", Map.of("text", "hello")), false));
        assertThat(run.toString()).contains("message=got hello");
    }

    @Test
    void failsAtRunTimeWithOneLineWhenAValueIsInvalid() throws Exception {
        CompiledPlaybookModel playbook = compile("""
                steps:
                  - id: first
                    type: test.echo
                    with: {message: hi}
                  - id: second
                    type: test.record
                    with:
                      port: "${{ steps.first.outputs.text }}"
                """);
        assertThatThrownBy(() -> playbook.steps().get(1).parameters(scope(playbook,
                Map.of("first", Map.of("text", "99999")), false)))
                .isInstanceOf(StepFailure.class).hasMessage("with.port: must be at most 65535");
    }

    @Test
    void ordersStepsByNeedsThenFileOrder() throws Exception {
        CompiledPlaybookModel playbook = compile("""
                steps:
                  - {id: c, type: test.echo, with: {message: x}, needs: [b]}
                  - {id: a, type: test.echo, with: {message: x}, needs: []}
                  - {id: b, type: test.echo, with: {message: x}, needs: []}
                  - {id: d, type: test.echo, with: {message: x}}
                """);
        assertThat(playbook.stepOrder()).containsExactly("a", "b", "c", "d");
        assertThat(playbook.needs("d")).containsExactly("b");
        assertThat(playbook.needs("c")).containsExactly("b");
    }
}
