package dev.nixboot.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Problems;
import dev.nixboot.engine.load.YamlLoader;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Records without constraints skip the validator (building it is the largest cost of a short validate run); these
 * pin that constraints in each less obvious place still reach it.
 */
class ConstraintValidationTest {
    record Hosts(List<@NotBlank String> hosts) {}

    record Window(int from, int to) {
        @AssertTrue(message = "from must not be after to")
        public boolean isOrdered() {
            return from <= to;
        }
    }

    record Name(
            @Pattern(regexp = "a.*") @Pattern(regexp = ".*z")
            String name) {}

    record Plain(String text, List<String> words) {}

    @Test
    void checksConstraintsOnListItems() {
        assertThat(messages(Hosts.class, "hosts: [gusto, '']")).containsExactly("with.hosts[1]: must not be empty");
    }

    @Test
    void checksConstraintsOnMethodsOfTheRecord() {
        // A check across parameters is about the mapping: 'ordered' is no key the user could look for.
        assertThat(messages(Window.class, "{from: 5, to: 3}")).containsExactly("with: from must not be after to");
    }

    @Test
    void leavesAChecksAcrossParametersOutWhileOneOfThemIsWrong() {
        assertThat(messages(Window.class, "{from: x, to: -1}"))
                .containsExactly("with.from: must be a whole number, not 'x'");
    }

    @Test
    void checksRepeatedConstraints() {
        assertThat(messages(Name.class, "name: abc")).containsExactly("with.name: must match the pattern .*z");
    }

    @Test
    void bindsUnconstrainedRecordsWithoutProblems() {
        Problems problems = new Problems();
        assertThat(new ParameterBinder(problems).bind(Plain.class, mapping("{text: hi, words: [a, b]}"), "with"))
                .contains(new Plain("hi", List.of("a", "b")));
        assertThat(problems.list()).isEmpty();
        assertThat(ConstraintValidation.validate(new Plain("", List.of()))).isEmpty();
    }

    private static List<String> messages(Class<? extends Record> type, String yaml) {
        Problems problems = new Problems();
        assertThat(new ParameterBinder(problems).bind(type, mapping(yaml), "with"))
                .isEmpty();
        return problems.list().stream().map(p -> p.path() + ": " + p.message()).toList();
    }

    private static Mapping mapping(String yaml) {
        return (Mapping)
                new YamlLoader(new Problems()).load(Path.of("test.yaml"), yaml).orElseThrow();
    }
}
