package dev.nixboot.engine.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.Problem;
import dev.nixboot.engine.api.ProblemFormatter;
import dev.nixboot.engine.api.VariableInputs;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every playbook under {@code playbooks/invalid} states the problems it must produce in {@code # expect:} lines
 * ({@code line:column: path: message}, or {@code path: message} for a problem with no place in the file), in order;
 * every playbook under {@code playbooks/valid} must compile. {@code # var: name=value} lines are passed as
 * {@code --var}.
 */
class PlaybookFixturesTest {
    private static final String EXPECT = "# expect: ";
    private static final String VAR = "# var: ";

    private static final PlaybookCompiler COMPILER =
            new PlaybookCompiler(StepRegistry.discover(List.of(), PlaybookFixturesTest.class.getClassLoader()));

    static Stream<String> invalid() throws IOException, URISyntaxException {
        return fixtures("invalid");
    }

    static Stream<String> valid() throws IOException, URISyntaxException {
        return fixtures("valid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidPlaybookReportsExactlyItsProblems(String name) throws Exception {
        Path file = directory("invalid").resolve(name);
        List<String> lines = Files.readAllLines(file);
        List<String> expected = lines.stream()
                .filter(l -> l.startsWith(EXPECT))
                .map(l -> l.substring(EXPECT.length()))
                .toList();
        assertThat(expected).as("the fixture states what it expects").isNotEmpty();
        List<String> actual;
        try {
            compile(file, lines);
            actual = List.of();
        } catch (PlaybookException e) {
            actual = e.problems().stream().map(PlaybookFixturesTest::describe).toList();
        }
        assertThat(String.join("\n", actual)).as(name).isEqualTo(String.join("\n", expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validPlaybookCompiles(String name) throws Exception {
        Path file = directory("valid").resolve(name);
        List<String> lines = Files.readAllLines(file);
        try {
            compile(file, lines);
        } catch (PlaybookException e) {
            throw new AssertionError(ProblemFormatter.format(e.problems()), e);
        }
    }

    private static void compile(Path file, List<String> lines) throws PlaybookException {
        List<String> vars = lines.stream()
                .filter(l -> l.startsWith(VAR))
                .map(l -> l.substring(VAR.length()))
                .toList();
        COMPILER.compile(
                file.getFileName(),
                new VariableInputs(List.of(), vars),
                file.getParent(),
                Map.of("HOME", "/home/test"));
    }

    private static String describe(Problem problem) {
        String where = problem.location() == null
                ? ""
                : problem.location().line() + ":" + problem.location().column() + ": ";
        String path = problem.path().isEmpty() ? "" : problem.path() + ": ";
        return where + path + problem.message();
    }

    private static Stream<String> fixtures(String kind) throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(directory(kind))) {
            return files
                    .map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    private static Path directory(String kind) throws URISyntaxException {
        return Path.of(
                PlaybookFixturesTest.class.getResource("/playbooks/" + kind).toURI());
    }
}
