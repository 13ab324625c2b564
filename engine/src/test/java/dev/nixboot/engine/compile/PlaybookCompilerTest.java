package dev.nixboot.engine.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.Problem;
import dev.nixboot.engine.api.ProblemFormatter;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.fixture.RecordStep;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.template.RunScope;
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

    private final PlaybookCompiler compiler =
            new PlaybookCompiler(StepRegistry.discover(List.of(), PlaybookCompilerTest.class.getClassLoader()));

    private CompiledPlaybook compile(String yaml, String... assignments) throws Exception {
        Path file = directory.resolve("playbook.yaml");
        Files.writeString(file, yaml);
        return compiler.compile(
                Path.of("playbook.yaml"),
                new VariableInputs(List.of(), List.of(assignments)),
                directory,
                Map.of("HOME", "/home/test"));
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

    private static RunScope scope(
            CompiledPlaybook playbook, Map<String, Map<String, Object>> outputs, boolean planning) {
        return new RunScope(
                playbook.variableValues(),
                outputs,
                Map.of("HOME", "/home/test"),
                Path.of("/p"),
                Path.of("/w"),
                Path.of("/r"),
                planning);
    }

    @Test
    void bindsEveryParameterKindFromYaml() throws Exception {
        CompiledPlaybook playbook = compile("""
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
        assertThat(problems)
                .extracting(
                        p -> p.location().line() + ":" + p.location().column() + ": " + p.path() + ": " + p.message())
                .containsExactly(
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
        CompiledPlaybook playbook = compile("""
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
    void parametersWithoutTemplatesAreBoundOnceAndTemplatedOnesForEachRun() throws Exception {
        CompiledPlaybook playbook = compile("""
                steps:
                  - id: first
                    type: test.echo
                    with: {message: hi}
                  - id: second
                    type: test.record
                    with:
                      argv: [fixed, "${{ steps.first.outputs.text }}"]
                """);
        CompiledStep first = playbook.steps().get(0);
        CompiledStep second = playbook.steps().get(1);

        assertThat(first.parameters(scope(playbook, Map.of(), false)))
                .isSameAs(first.parameters(scope(playbook, Map.of("first", Map.of("text", "other")), false)));
        assertThat(((RecordStep.Parameters)
                                second.parameters(scope(playbook, Map.of("first", Map.of("text", "one")), false)))
                        .argv())
                .containsExactly("fixed", "one");
        assertThat(((RecordStep.Parameters)
                                second.parameters(scope(playbook, Map.of("first", Map.of("text", "two")), false)))
                        .argv())
                .containsExactly("fixed", "two");
    }

    @Test
    void failsAtRunTimeWithOneLineWhenAValueIsInvalid() throws Exception {
        CompiledPlaybook playbook = compile("""
                steps:
                  - id: first
                    type: test.echo
                    with: {message: hi}
                  - id: second
                    type: test.record
                    with:
                      port: "${{ steps.first.outputs.text }}"
                """);
        assertThatThrownBy(() -> playbook.steps()
                        .get(1)
                        .parameters(scope(playbook, Map.of("first", Map.of("text", "99999")), false)))
                .isInstanceOf(StepFailure.class)
                .hasMessage("with.port: must be at most 65535");
    }

    @Test
    void ordersStepsByNeedsThenFileOrder() throws Exception {
        CompiledPlaybook playbook = compile("""
                steps:
                  - {id: c, type: test.echo, with: {message: x}, needs: [b]}
                  - {id: a, type: test.echo, with: {message: x}, needs: []}
                  - {id: b, type: test.echo, with: {message: x}, needs: []}
                  - {id: d, type: test.echo, with: {message: x}}
                """);
        assertThat(playbook.stepIds()).containsExactly("a", "b", "c", "d");
        assertThat(playbook.step("d").needs()).containsExactly("b");
        assertThat(playbook.step("c").needs()).containsExactly("b");
    }

    @Test
    void masksSecretsInEverythingShown() throws Exception {
        CompiledPlaybook playbook = compile("""
                vars:
                  password: {type: string, secret: true, default: hunter2}
                  host: {type: string, default: gusto}
                steps:
                  - id: rec
                    type: test.record
                    confirm: "Log in to ${{ host }} with ${{ password }}?"
                    with:
                      argv: [login, "--password=${{ password }}", "${{ host }}"]
                      text: "literal hunter2 too"
                      password: "not from a variable"
                """);
        CompiledStep step = playbook.steps().get(0);
        RunScope scope = scope(playbook, Map.of(), true);
        assertThat(step.displayParameters(scope))
                .containsEntry("argv", List.of("login", "--password=***", "gusto"))
                .containsEntry("text", "literal *** too")
                .containsEntry("password", "***");
        assertThat(step.confirm(scope)).hasValue("Log in to gusto with ***?");
        assertThat(playbook.variableValues()).containsEntry("password", "hunter2");
        assertThat(playbook.secretValues()).containsExactly("hunter2");
        RecordStep.Parameters bound = (RecordStep.Parameters) step.parameters(scope(playbook, Map.of(), false));
        assertThat(bound.argv()).contains("--password=hunter2");
    }

    @Test
    void evaluatesConditionsWithTypedValues() throws Exception {
        CompiledPlaybook playbook = compile("""
                vars:
                  swapSize: {type: int, default: 0}
                steps:
                  - id: swap
                    type: test.echo
                    when: ${{ swapSize > 0 }}
                    with: {message: swap}
                  - id: never
                    type: test.echo
                    when: false
                    with: {message: never}
                  - id: always
                    type: test.echo
                    with: {message: always}
                """, "swapSize=4");
        RunScope scope = scope(playbook, Map.of(), false);
        assertThat(playbook.steps())
                .extracting(s -> {
                    try {
                        return s.when(scope);
                    } catch (StepFailure e) {
                        throw new AssertionError(e);
                    }
                })
                .containsExactly(true, false, true);
        assertThat(playbook.step("swap").whenText()).isEqualTo("${{ swapSize > 0 }}");
        assertThat(playbook.step("always").whenText()).isEmpty();
    }

    @Test
    void keepsRetryTimeoutAndTheOtherStepSettings() throws Exception {
        CompiledPlaybook playbook = compile("""
                name: settings
                description: what a step can say about itself
                steps:
                  - id: flaky
                    type: test.echo
                    description: talks to a slow server
                    retry: {attempts: 4, delay: 500ms, backoff: 2}
                    timeout: 1m30s
                    continue_on_error: true
                    tags: [network, slow]
                    with: {message: hi}
                  - id: plain
                    type: test.echo
                    retry: 3
                    with: {message: hi}
                """);
        CompiledStep flaky = playbook.steps().get(0);
        assertThat(playbook.name()).isEqualTo("settings");
        assertThat(playbook.description()).isEqualTo("what a step can say about itself");
        assertThat(flaky.retry())
                .isEqualTo(new dev.nixboot.engine.validate.RetryPolicy(4, Duration.ofMillis(500), 2.0));
        assertThat(flaky.timeout()).hasValue(Duration.ofSeconds(90));
        assertThat(flaky.continueOnError()).isTrue();
        assertThat(flaky.tags()).containsExactly("network", "slow");
        assertThat(flaky.description()).isEqualTo("talks to a slow server");
        assertThat(flaky.location().line()).isEqualTo(4);
        assertThat(playbook.steps().get(1).retry().attempts()).isEqualTo(3);
        assertThat(playbook.steps().get(1).timeout()).isEmpty();
        assertThat(playbook.step("plain").type()).isEqualTo("test.echo");
        assertThat(playbook.step("flaky").tags()).containsExactly("network", "slow");
    }

    @Test
    void namesThePlaybookAfterItsFileWhenItHasNoName() throws Exception {
        CompiledPlaybook playbook = compile("steps: [{id: a, type: test.echo, with: {message: x}}]");
        assertThat(playbook.name()).isEqualTo("playbook");
        assertThat(playbook.file()).isEqualTo(directory.resolve("playbook.yaml"));
    }

    @Test
    void reportsAMissingPlaybookWithoutAStackTrace() {
        assertThatThrownBy(() -> compiler.compile(Path.of("nope.yaml"), VariableInputs.none(), directory, Map.of()))
                .isInstanceOf(PlaybookException.class)
                .extracting(e -> ((PlaybookException) e).problems().get(0).message())
                .isEqualTo("playbook 'nope.yaml' does not exist");
    }

    @Test
    void refusesAPlaybookLargerThanFourMebibytesInOneLine() throws Exception {
        Files.writeString(directory.resolve("huge.yaml"), "steps: []\n" + ("#".repeat(1023) + "\n").repeat(4097));

        assertThatThrownBy(() -> compiler.compile(Path.of("huge.yaml"), VariableInputs.none(), directory, Map.of()))
                .isInstanceOf(PlaybookException.class)
                .extracting(e -> ((PlaybookException) e)
                        .problems().stream().map(Problem::message).toList())
                .isEqualTo(
                        List.of("playbook 'huge.yaml' is larger than 4 MiB, the most a playbook or vars file may be"));
    }

    @Test
    void compilesTenThousandStepsInFileOrder() throws Exception {
        StringBuilder yaml = new StringBuilder("vars:\n  host: gusto\nsteps:\n");
        for (int i = 0; i < 10_000; i++) {
            yaml.append("  - id: s")
                    .append(i)
                    .append("\n    type: test.echo\n    with: {message: \"${{ host }} ")
                    .append(i)
                    .append("\"}\n");
        }
        CompiledPlaybook playbook = compile(yaml.toString());
        assertThat(playbook.stepIds()).hasSize(10_000).startsWith("s0", "s1").endsWith("s9999");
        assertThat(playbook.step("s5000").needs()).containsExactly("s4999");
    }
}
