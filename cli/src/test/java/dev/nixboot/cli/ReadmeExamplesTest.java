package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.testing.RepositoryFiles;
import dev.nixboot.cli.testing.UserDocs;
import dev.nixboot.cli.testing.UserDocs.Block;
import dev.nixboot.engine.Engines;
import dev.nixboot.engine.PlaybookEngine;
import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.ProblemFormatter;
import dev.nixboot.engine.api.VariableInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example a user may copy validates: the playbooks and steps in README.md and the pages under src/docs/, and the
 * docs' {@code nixboot run}/{@code validate} commands on the shipped playbooks. Variables an example uses without
 * declaring them are declared for it, as the user's playbook would. The steps' own examples, which
 * {@code nixboot steps TYPE} prints, are compiled together by the steps module's StepExamplesTest.
 */
class ReadmeExamplesTest {
    /** Generated from the steps' own examples: each stands alone and may use the outputs of a step it does not show. */
    private static final Path STEP_REFERENCE = Path.of("src/docs/steps.md");

    private static final Pattern UNDEFINED = Pattern.compile("undefined name '([A-Za-z_][A-Za-z0-9_]*)'");
    private static final Pattern REQUIRED =
            Pattern.compile("required variable '([A-Za-z_][A-Za-z0-9_]*)' has no value");
    /** A step's example may use the outputs of a step it does not show: that one is the user's. */
    private static final Pattern OTHER_STEP = Pattern.compile("unknown step '[a-z0-9_]+' in steps\\.");

    private static final Pattern COMMAND = Pattern.compile("(?:\\./)?nixboot (run|validate) (\\S+\\.yaml)(.*)");

    private final PlaybookEngine engine = Engines.create(ThisProcess.host(), List.of());

    @TempDir
    Path directory;

    @Test
    void everyPlaybookAndStepListInTheDocsValidates() throws Exception {
        Map<Path, List<String>> stepLists = new LinkedHashMap<>();
        List<String> playbooks = new ArrayList<>();
        for (Block block : UserDocs.blocks()) {
            String text = block.text();
            if (!block.language().equals("yaml")) {
                continue;
            }
            if (text.startsWith("- id:")) {
                stepLists
                        .computeIfAbsent(block.file(), file -> new ArrayList<>())
                        .add(text);
            } else if (text.contains("\nsteps:\n")) {
                String name = text.lines().findFirst().orElse("");
                assertValid(block.file() + ": playbook '" + name + "'", text);
                playbooks.add(block.file() + ": " + name);
            }
        }
        assertThat(playbooks).as("the docs' playbooks").contains("src/docs/playbook-language.md: name: swap");
        assertThat(stepLists)
                .as("the pages with step examples")
                .containsKeys(Path.of("src/docs/built-in-steps.md"), STEP_REFERENCE);
        int examples = 0;
        for (Map.Entry<Path, List<String>> page : stepLists.entrySet()) {
            if (page.getKey().equals(STEP_REFERENCE)) {
                for (String example : page.getValue()) {
                    assertValid(
                            STEP_REFERENCE + ": '" + example.lines().findFirst().orElse("") + "'",
                            "steps:\n" + indent(example),
                            OTHER_STEP);
                }
                continue;
            }
            // In page order, one after the other: a step without needs: follows the one before it, so an example
            // using an earlier example's outputs finds them.
            assertValid(page.getKey() + ": the step examples", "steps:\n" + indent(String.join("", page.getValue())));
            examples += page.getValue().size();
        }
        assertThat(examples).as("step examples written by hand").isGreaterThan(10);
    }

    @Test
    void everyDocumentedCommandOnAShippedPlaybookValidates() throws Exception {
        int checked = 0;
        for (Block block : UserDocs.blocks()) {
            if (!block.language().equals("sh")) {
                continue;
            }
            String text = block.text().replace("\\\n", " ");
            for (String line : text.lines().toList()) {
                Matcher command = COMMAND.matcher(line.replaceFirst("#.*", "").strip());
                if (!command.find()) {
                    continue;
                }
                String playbook = command.group(2).replaceFirst("^.*?(playbooks/)", "$1");
                Path file = RepositoryFiles.root().resolve(playbook);
                if (!playbook.startsWith("playbooks/") || !Files.exists(file) || line.contains("--inventory")) {
                    continue; // my.yaml, homelab.yaml and the like: the user's own
                }
                List<String> arguments = new ArrayList<>(List.of("validate", file.toString()));
                List<String> words = List.of(command.group(3).strip().split("\\s+"));
                for (int i = 0; i < words.size() - 1; i++) {
                    if (words.get(i).equals("--var") || words.get(i).equals("--vars-file")) {
                        arguments.add(words.get(i));
                        arguments.add(words.get(i + 1));
                    }
                }
                CommandResult result = nixboot(directory, arguments.toArray(String[]::new));
                assertThat(result.code())
                        .as("%s: %s%n%s", block.file(), line, result.err())
                        .isZero();
                checked++;
            }
        }
        assertThat(checked).as("documented commands on shipped playbooks").isGreaterThan(3);
    }

    private void assertValid(String what, String playbook) throws IOException {
        assertValid(what, playbook, Pattern.compile("(?!)"));
    }

    /** Compiles the playbook, declaring what it uses undeclared and giving required variables a value. */
    private void assertValid(String what, String playbook, Pattern tolerated) throws IOException {
        Set<String> declared = new LinkedHashSet<>();
        Set<String> required = new LinkedHashSet<>();
        while (true) {
            Path file = directory.resolve("example.yaml");
            Files.writeString(file, declarations(declared) + playbook);
            List<String> values =
                    required.stream().map(name -> name + "=example").toList();
            try {
                engine.compile(file, new VariableInputs(List.of(), values));
                return;
            } catch (PlaybookException e) {
                List<String> messages = e.problems().stream()
                        .map(p -> p.message())
                        .filter(message -> !tolerated.matcher(message).find())
                        .toList();
                if (messages.isEmpty()) {
                    return;
                }
                boolean more = declared.addAll(names(UNDEFINED, messages)) | required.addAll(names(REQUIRED, messages));
                if (!more) {
                    throw new AssertionError(
                            what + " does not validate:\n" + ProblemFormatter.format(e.problems()) + "\n"
                                    + declarations(declared) + playbook,
                            e);
                }
            }
        }
    }

    private static Set<String> names(Pattern pattern, List<String> messages) {
        return messages.stream()
                .map(pattern::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .collect(Collectors.toSet());
    }

    private static String declarations(Set<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        return "vars:\n"
                + names.stream().map(name -> "  " + name + ": {default: x}\n").collect(Collectors.joining());
    }

    private static String indent(String text) {
        return text.lines().map(line -> "  " + line + "\n").collect(Collectors.joining());
    }
}
