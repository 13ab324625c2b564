package dev.nixboot.engine.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.Problem;
import dev.nixboot.engine.api.VariableInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * No input crashes the compiler: whatever the playbook and the {@code --var}s, compiling either succeeds or throws a
 * {@link PlaybookException} whose problems are one line each and point into the file — never another exception
 * (which the command reports as an internal error, exit 1). Inputs are the valid fixtures with random edits, and
 * playbooks put together from the values that broke it before (overflowing durations, astral characters, lambdas,
 * NULs). Fixed seeds, so a failure repeats; a few seconds in all.
 */
class CompilerRobustnessTest {
    /** Pieces that mean something to YAML, to templates or to the binder. */
    private static final List<String> FRAGMENTS = List.of(
            "a",
            "b: ",
            ": ",
            "- ",
            "\n",
            "\n  ",
            "\n    ",
            " ",
            "\t",
            "\"",
            "'",
            "#",
            " #",
            "[",
            "]",
            "{",
            "}",
            ",",
            "&x ",
            "*x",
            "!!str ",
            "!!python/object ",
            "|",
            ">-",
            "---\n",
            "...",
            "%YAML 1.2\n",
            "<<: ",
            "? ",
            "\\",
            "\uD83D\uDE00",
            "\uD83D",
            "\u00e9",
            "\u0000",
            "\r",
            "\uFEFF",
            "\u0085",
            "\u2028",
            "${{",
            "}}",
            "${{ v }}",
            "${{ x -> x }}",
            "${{ steps.a.outputs.count }}",
            "${{ v.x() }}",
            "${{ 1/0 }}",
            "${{ [1,2] }}",
            "~",
            "0755",
            "1e999",
            "-1",
            "99999999999999999999",
            "106751991167301d",
            "PT99999999999999H",
            "30s",
            "yes",
            "null",
            "=");

    private static final List<String> VALUES = List.of(
            "x",
            "\"\"",
            "''",
            "0",
            "-1",
            "65536",
            "0755",
            "0x1F",
            "1e999",
            "99999999999999999999",
            "yes",
            "true",
            "~",
            "[]",
            "{}",
            "[a, b]",
            "{a: b}",
            "30s",
            "106751991167301d",
            "99999999999999999999d",
            "PT1H",
            "PT99999999999999H",
            "-PT1S",
            "1h30m",
            "\"${{ v }}\"",
            "\"${{ x -> x }}\"",
            "\"${{ [x -> x] }}\"",
            "\"${{ {'a': 1} }}\"",
            "\"${{ steps.a.outputs.count }}\"",
            "\"${{ steps.a.outputs.parameters }}\"",
            "\"${{ env.HOME }}\"",
            "\"${{ v.x() }}\"",
            "\"${{ 1 / 0 }}\"",
            "\"${{ 'a' + 1 }}\"",
            "\"${{\"",
            "\"a\\0b\"",
            "\"A=B\"",
            "\"\\U0001F600\"",
            "*anchor",
            "&anchor v",
            "!!binary aGk=",
            "\"x\"#c");

    private static final List<String> KEYS = List.of(
            "argv",
            "text",
            "port",
            "big",
            "flag",
            "mode",
            "timeout",
            "path",
            "codes",
            "env",
            "server",
            "servers",
            "ratio",
            "word",
            "password",
            "names",
            "message",
            "times",
            "loud",
            "bogus");

    private static final PlaybookCompiler COMPILER =
            new PlaybookCompiler(StepRegistry.discover(List.of(), CompilerRobustnessTest.class.getClassLoader()));

    private static Path directory;
    private static List<String> fixtures;

    @BeforeContainer
    static void fixtures() throws IOException, URISyntaxException {
        directory = Files.createTempDirectory("compiler-properties");
        Path valid = Path.of(
                CompilerRobustnessTest.class.getResource("/playbooks/valid").toURI());
        Path invalid = Path.of(
                CompilerRobustnessTest.class.getResource("/playbooks/invalid").toURI());
        List<String> texts = new ArrayList<>();
        for (Path folder : List.of(valid, invalid)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.sorted().toList()) {
                    texts.add(Files.readString(file));
                }
            }
        }
        fixtures = List.copyOf(texts);
    }

    @AfterContainer
    static void removeDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(file);
            }
        }
    }

    @Property(tries = 500, seed = "20261201")
    void anEditedFixtureCompilesOrReportsProblems(@ForAll("editedFixtures") String playbook) {
        compilesOrReportsProblems(playbook, List.of());
    }

    @Property(tries = 500, seed = "20261202")
    void aPlaybookOfAnyValuesCompilesOrReportsProblems(
            @ForAll("assembledPlaybooks") String playbook, @ForAll("assignments") List<String> assignments) {
        compilesOrReportsProblems(playbook, assignments);
    }

    @Provide
    Arbitrary<String> editedFixtures() {
        Arbitrary<String> fixture = Arbitraries.of(fixtures);
        Arbitrary<List<Edit>> edits = Combinators.combine(
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(0, 8),
                        Arbitraries.of(FRAGMENTS))
                .as(Edit::new)
                .list()
                .ofMaxSize(6);
        return Combinators.combine(fixture, edits).as((text, changes) -> {
            String edited = text;
            for (Edit edit : changes) {
                edited = edit.apply(edited);
            }
            return edited;
        });
    }

    /** Replaces up to {@code length} chars at a relative position with a fragment. */
    private record Edit(double where, int length, String fragment) {
        String apply(String text) {
            int at = (int) (where * text.length());
            int end = Math.min(text.length(), at + length);
            return text.substring(0, at) + fragment + text.substring(end);
        }
    }

    @Provide
    Arbitrary<String> assembledPlaybooks() {
        Arbitrary<String> value = Arbitraries.of(VALUES);
        Arbitrary<String> variable = Combinators.combine(
                        Arbitraries.of("string", "int", "bool", "path", "list", "bogus"),
                        value,
                        Arbitraries.of("true", "false"),
                        Arbitraries.of(
                                "", ", pattern: '[a-z]+'", ", choices: [a, b]", ", min: 1, max: 5", ", required: true"))
                .as((type, defaultValue, secret, extra) ->
                        "  v: {type: " + type + ", default: " + defaultValue + ", secret: " + secret + extra + "}\n");
        Arbitrary<String> with = Combinators.combine(Arbitraries.of(KEYS), value)
                .as((k, v) -> k + ": " + v)
                .list()
                .ofMaxSize(5)
                .map(entries -> "{" + String.join(", ", entries) + "}");
        Arbitrary<String> step = Combinators.combine(
                        Arbitraries.of("a", "b", "c"),
                        Arbitraries.of("test.record", "test.echo", "run.fail", "nope"),
                        with,
                        Arbitraries.of(
                                "",
                                "    timeout: 106751991167301d\n",
                                "    needs: [a]\n",
                                "    when: ${{ v }}\n",
                                "    retry: {attempts: 2, delay: PT99999999999999H}\n",
                                "    confirm: ${{ v }}\n"))
                .as((id, type, parameters, extra) ->
                        "  - id: " + id + "\n    type: " + type + "\n" + extra + "    with: " + parameters + "\n");
        return Combinators.combine(variable, step.list().ofMinSize(1).ofMaxSize(3))
                .as((vars, steps) -> "name: assembled\nvars:\n" + vars + "steps:\n" + String.join("", steps));
    }

    @Provide
    Arbitrary<List<String>> assignments() {
        return Arbitraries.of("v=x", "v=", "v=99999999999999999999", "v=a,b", "v=[a", "v=\u0000", "w=1", "=x", "v")
                .list()
                .ofMaxSize(2);
    }

    private static void compilesOrReportsProblems(String playbook, List<String> assignments) {
        Path file = directory.resolve("playbook.yaml");
        try {
            // A lone surrogate cannot be written as UTF-8: it becomes '?', as any editor would save it.
            Files.write(file, playbook.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long lines = playbook.lines().count() + 1;
        try {
            COMPILER.compile(
                    Path.of("playbook.yaml"),
                    new VariableInputs(List.of(), assignments),
                    directory,
                    Map.of("HOME", "/home/test"));
        } catch (PlaybookException e) {
            assertThat(e.problems()).isNotEmpty();
            for (Problem problem : e.problems()) {
                assertThat(problem.message()).isNotBlank().doesNotContain("\n");
                if (problem.location() != null) {
                    assertThat(problem.location().line()).isBetween(1, (int) lines);
                    assertThat(problem.location().column()).isPositive();
                }
            }
        }
    }
}
