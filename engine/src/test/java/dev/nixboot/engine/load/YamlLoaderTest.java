package dev.nixboot.engine.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class YamlLoaderTest {
    private final Problems problems = new Problems();

    private Optional<Value> load(String text) {
        return new YamlLoader(problems).load(Path.of("t.yaml"), text);
    }

    @Test
    void keepsTextAndWhatYamlWouldHaveGuessed() {
        Mapping mapping = (Mapping) load("a: no\nb: '0755'\nc: 0755\nd:\n").orElseThrow();
        assertThat(mapping.get("a"))
                .get()
                .isEqualTo(new Scalar(
                        "no", Scalar.Kind.BOOL, new dev.nixboot.engine.api.SourceLocation(Path.of("t.yaml"), 1, 4)));
        assertThat(((Scalar) mapping.get("b").orElseThrow()).kind()).isEqualTo(Scalar.Kind.STRING);
        assertThat(((Scalar) mapping.get("c").orElseThrow()).text()).isEqualTo("0755");
        assertThat(((Scalar) mapping.get("d").orElseThrow()).isNull()).isTrue();
    }

    @Test
    @Timeout(10)
    void refusesAnAliasBomb() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        assertThat(load(bomb.toString())).isEmpty();
        assertThat(problems.list())
                .singleElement()
                .extracting(p -> p.message())
                .asString()
                .contains("aliases");
    }

    @Test
    void refusesDeepNesting() {
        assertThat(load("[".repeat(200) + "]".repeat(200))).isEmpty();
        assertThat(problems.list())
                .singleElement()
                .extracting(p -> p.message())
                .asString()
                .contains("Nesting");
    }

    @Test
    void mergesAnchoredMappingsUnderTheirOwnKeys() {
        Mapping mapping =
                (Mapping) load("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n").orElseThrow();
        Mapping merged = (Mapping) mapping.get("m").orElseThrow();
        assertThat(merged.entries())
                .extracting(e -> e.key().text() + "=" + ((Scalar) e.value()).text())
                .containsExactly("x=1", "y=3");
    }

    @Test
    void reportsRecursiveAliases() {
        assertThat(load("a: &a [*a]\n")).isEmpty();
        assertThat(problems.list()).isNotEmpty();
    }

    /**
     * SnakeYAML 2.3's reader threw IndexOutOfBoundsException when a character outside the BMP (two chars in Java)
     * started at char offset 1023 + k * 1024: its high surrogate was the last char of the 1,024-char window.
     */
    @ParameterizedTest
    @ValueSource(ints = {1023, 2047, 3071, 1022, 1024, 4095})
    void readsACharacterOutsideTheBasicPlaneAtAnyOffset(int offset) {
        String prefix = "a: \"";
        String text = prefix + "x".repeat(offset - prefix.length()) + "\uD83D\uDE00\"\nb: c\n";
        assertThat(text.indexOf("\uD83D")).isEqualTo(offset);

        Mapping mapping = (Mapping) load(text).orElseThrow(() -> new AssertionError(problems.list()));

        assertThat(((Scalar) mapping.get("a").orElseThrow()).text()).endsWith("x\uD83D\uDE00");
        assertThat(problems.list()).isEmpty();
    }

    @Test
    @Timeout(10)
    void refusesALineLongerThanTheLimitWithoutShowingIt() {
        String text = "name: t\ndescription: " + "x".repeat(YamlLoader.MAX_LINE) + "\nsteps: []\n";

        assertThat(load(text)).isEmpty();

        assertThat(problems.list()).singleElement().satisfies(problem -> {
            assertThat(problem.location().line()).isEqualTo(2);
            assertThat(problem.message())
                    .startsWith("line 2 is " + (YamlLoader.MAX_LINE + 13)
                            + " characters long, more than the 65536 a line may have: split it");
            assertThat(problem.sourceLine()).isNull();
        });
    }

    @Test
    @Timeout(10)
    void readsLinesUpToTheLimitQuickly() {
        String text =
                "a: " + "x".repeat(YamlLoader.MAX_LINE - 3) + "\nb: \"" + "y".repeat(YamlLoader.MAX_LINE - 5) + "\"\n";
        long start = System.nanoTime();

        assertThat(load(text)).isPresent();

        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(2_000);
    }

    @Test
    void aFileLargerThanTheLimitIsNotReadWhole(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("big.yaml");
        Files.write(file, new byte[SourceFiles.MAX_BYTES + 1]);

        assertThatThrownBy(() -> SourceFiles.read(file))
                .isInstanceOf(SourceFiles.TooLargeException.class)
                .hasMessage("is larger than 4 MiB, the most a playbook or vars file may be");
    }
}
