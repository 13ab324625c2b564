package dev.nixboot.steps.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.Engines;
import dev.nixboot.engine.PlaybookEngine;
import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.ProblemFormatter;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.spi.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped step's {@link Step#example()} (what {@code nixboot steps TYPE} and the step reference show) compiles
 * through the real compiler with the shipped steps. All examples go into one playbook, each after the examples whose
 * outputs it uses, so that a reference to another example's output (ssh.wait's
 * {@code ${{ steps.host_key.outputs.public_key }}}, made by ssh-keygen's example) is checked by name and kind like
 * any other. Only a step that no example shows, which stands for the user's own, may be missing.
 */
class StepExamplesTest {
    private static final Pattern ID = Pattern.compile("(?m)^- id: ([a-z0-9_]+)");
    private static final Pattern REFERENCE = Pattern.compile("steps\\.([a-z0-9_]+)\\.outputs\\.");
    private static final Pattern UNDEFINED = Pattern.compile("undefined name '([A-Za-z_][A-Za-z0-9_]*)'");
    private static final Pattern REQUIRED =
            Pattern.compile("required variable '([A-Za-z_][A-Za-z0-9_]*)' has no value");
    private static final Pattern UNKNOWN_STEP = Pattern.compile("unknown step '([a-z0-9_]+)' in steps\\.");

    private final PlaybookEngine engine = Engines.create(ThisProcess.host(), List.of());

    @TempDir
    Path directory;

    private List<Step<?, ?>> shipped() {
        return engine.steps().stream()
                .filter(step -> step.getClass().getName().startsWith("dev.nixboot.steps."))
                .toList();
    }

    @Test
    void everyStepShowsAnExampleOfItself() {
        assertThat(shipped()).hasSizeGreaterThan(20);
        for (Step<?, ?> step : shipped()) {
            assertThat(step.example())
                    .as("the example of %s", step.type())
                    .containsPattern("(?m)^  type: " + Pattern.quote(step.type()) + "$");
        }
    }

    @Test
    void theExamplesCompileTogetherWithTheShippedSteps() throws Exception {
        List<String> examples = inOrderOfUse(shipped().stream()
                .map(step -> step.example().stripTrailing() + "\n")
                .toList());
        Set<String> shown = examples.stream()
                .flatMap(example -> matches(ID, example).stream())
                .collect(Collectors.toSet());
        String steps = "steps:\n"
                + examples.stream()
                        .flatMap(String::lines)
                        .map(line -> "  " + line + "\n")
                        .collect(Collectors.joining());

        Set<String> declared = new LinkedHashSet<>();
        Set<String> required = new LinkedHashSet<>();
        while (true) {
            String playbook = "name: examples\n" + declarations(declared) + steps;
            Path file = Files.writeString(directory.resolve("examples.yaml"), playbook);
            try {
                engine.compile(
                        file,
                        new VariableInputs(
                                List.of(), required.stream().map(n -> n + "=x").toList()));
                return;
            } catch (PlaybookException e) {
                List<String> problems = e.problems().stream()
                        .map(problem -> problem.message())
                        .filter(message -> !isUsersOwnStep(message, shown))
                        .toList();
                if (problems.isEmpty()) {
                    return;
                }
                boolean more =
                        declared.addAll(matches(UNDEFINED, problems)) | required.addAll(matches(REQUIRED, problems));
                assertThat(more)
                        .as(
                                "the step examples do not compile:\n%s\n%s",
                                ProblemFormatter.format(e.problems()), playbook)
                        .isTrue();
            }
        }
    }

    /** A reference to a step no example shows: the user's own, such as the exec that found the ISO. */
    private static boolean isUsersOwnStep(String message, Set<String> shown) {
        Matcher unknown = UNKNOWN_STEP.matcher(message);
        return unknown.find() && !shown.contains(unknown.group(1));
    }

    /**
     * Each example after those whose outputs it uses. A step without needs: follows the one before it, so the chain
     * holds; one with needs: (git.signing-check's needs: []) starts a new one, so those come first.
     */
    private static List<String> inOrderOfUse(List<String> examples) {
        List<String> waiting = new ArrayList<>(examples);
        waiting.sort(Comparator.comparing(example -> !example.contains("\n  needs:")));
        List<String> ordered = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        Set<String> shown = examples.stream()
                .flatMap(example -> matches(ID, example).stream())
                .collect(Collectors.toSet());
        while (!waiting.isEmpty()) {
            String next = waiting.stream()
                    .filter(example -> matches(REFERENCE, example).stream()
                            .allMatch(id -> placed.contains(id)
                                    || !shown.contains(id)
                                    || matches(ID, example).contains(id)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(
                            "the step examples use each other's outputs" + " in a cycle: " + waiting));
            waiting.remove(next);
            ordered.add(next);
            placed.addAll(matches(ID, next));
        }
        return ordered;
    }

    private static Set<String> matches(Pattern pattern, String text) {
        return matches(pattern, List.of(text));
    }

    private static Set<String> matches(Pattern pattern, List<String> texts) {
        Set<String> found = new LinkedHashSet<>();
        for (String text : texts) {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                found.add(matcher.group(1));
            }
        }
        return found;
    }

    private static String declarations(Set<String> names) {
        return names.isEmpty()
                ? ""
                : "vars:\n"
                        + names.stream()
                                .map(name -> "  " + name + ": {default: x}\n")
                                .collect(Collectors.joining());
    }
}
