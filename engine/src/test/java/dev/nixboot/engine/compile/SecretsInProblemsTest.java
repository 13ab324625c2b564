package dev.nixboot.engine.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.ProblemFormatter;
import dev.nixboot.engine.api.VariableInputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A secret variable's value never appears in a problem: not in the message, not in the source line shown under it,
 * however the value is wrong (type, pattern, choices, bounds, a template that cannot use it) and however it arrives
 * ({@code --var}, a vars file with a duplicate key, a vars file that is not YAML, a misspelt key, the default).
 */
class SecretsInProblemsTest {
    private static final PlaybookCompiler COMPILER =
            new PlaybookCompiler(StepRegistry.discover(List.of(), SecretsInProblemsTest.class.getClassLoader()));

    /** Declarations the secret can break, each with a step that uses it. */
    private static final List<String> DECLARATIONS = List.of(
            "{secret: true, pattern: '[a-z]+'}",
            "{secret: true, choices: [alpha, beta]}",
            "{secret: true, type: int, min: 1, max: 5}",
            "{secret: true, type: bool}",
            "{secret: true, type: list}",
            "{secret: true, required: true}");

    private static final List<String> USES = List.of(
            "{message: \"${{ pw }}\"}",
            "{message: \"${{ pw + 1 }}\"}",
            "{message: hi, times: \"${{ pw }}\"}",
            "{message: \"${{ pw.x }}\"}",
            "{message: \"${{ pw > 3 }}\", loud: \"${{ pw }}\"}");

    /** How the value reaches the playbook: {@code --var}, or a vars file written in one of these ways. */
    private static final List<String> ROUTES =
            List.of("--var", "plain", "duplicate", "broken", "misspelt", "block", "default");

    private static Path directory;

    @BeforeContainer
    static void directory() throws IOException {
        directory = Files.createTempDirectory("secrets-in-problems");
    }

    @AfterContainer
    static void removeDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(file);
            }
        }
    }

    @Provide
    Arbitrary<String> secrets() {
        // A distinctive start, so the value cannot turn up in a message by chance (as "1" would).
        return Arbitraries.strings()
                .withChars("abcXYZ0189!%*-_+=.,;:/?@~ ")
                .ofMinLength(4)
                .ofMaxLength(16)
                .map(tail -> "Zq9" + tail.strip());
    }

    @Provide
    Arbitrary<String> declarations() {
        return Arbitraries.of(DECLARATIONS);
    }

    @Provide
    Arbitrary<String> uses() {
        return Arbitraries.of(USES);
    }

    @Provide
    Arbitrary<String> routes() {
        return Arbitraries.of(ROUTES);
    }

    @Property(tries = 400, seed = "20261203")
    void noProblemShowsASecretValue(
            @ForAll("secrets") String secret,
            @ForAll("declarations") String declaration,
            @ForAll("uses") String use,
            @ForAll("routes") String route)
            throws IOException {
        String escaped = secret.replace("\\", "\\\\").replace("\"", "\\\"");
        String defaultValue = route.equals("default")
                ? declaration.replace("{secret: true", "{secret: true, default: \"" + escaped + "\"")
                : declaration;
        String playbook = "vars:\n  pw: " + defaultValue + "\n  swapSize: {type: int, default: 1}\nsteps:\n"
                + "  - id: a\n    type: test.echo\n    with: " + use + "\n";
        Files.write(directory.resolve("playbook.yaml"), playbook.getBytes(StandardCharsets.UTF_8));
        List<Path> files = new ArrayList<>();
        List<String> assignments = new ArrayList<>();
        String quoted = "\"" + escaped + "\"";
        String varsFile =
                switch (route) {
                    case "--var" -> null;
                    case "plain" -> "swapSize: 2\npw: " + quoted + "\n";
                    case "duplicate" -> "pw: " + quoted + "\nswapSize: yes\npw: " + quoted + "\n";
                    case "broken" -> "swapSize: 2\npw: " + quoted + "\n  - [oops\n";
                    case "misspelt" -> "pww: " + quoted + "\nswapSize: 2\n";
                    case "block" -> "pw: |\n  " + secret + "\n  " + secret + "\nswapSize: [x]\npw: 1\n";
                    default -> "swapSize: 2\n";
                };
        if (varsFile == null) {
            assignments.add("pw=" + secret);
        } else {
            Files.write(directory.resolve("vars.yaml"), varsFile.getBytes(StandardCharsets.UTF_8));
            files.add(Path.of("vars.yaml"));
        }
        String shown;
        try {
            COMPILER.compile(
                    Path.of("playbook.yaml"),
                    new VariableInputs(files, assignments),
                    directory,
                    Map.of("HOME", "/home/test"));
            return;
        } catch (PlaybookException e) {
            shown = ProblemFormatter.format(e.problems());
        }
        assertThat(shown).doesNotContain(secret).doesNotContain(escaped);
    }
}
