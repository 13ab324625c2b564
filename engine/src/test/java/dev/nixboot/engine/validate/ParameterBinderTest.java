package dev.nixboot.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Problems;
import dev.nixboot.engine.load.YamlLoader;
import dev.nixboot.engine.spi.DefaultValue;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Messages name parameters as the playbook spells them, never as the Java record does. */
class ParameterBinderTest {
    record Check(List<Integer> okCodes, @DefaultValue("2") int maxTries) {}

    record Probe(Check expectedResult) {}

    record Named(
            @Pattern(regexp = "[a-z]+", message = "'${validatedValue}' is not a name")
            String name) {}

    @Test
    void namesTheKeysOfANestedMappingAsUsersWriteThem() {
        assertThat(messages(Probe.class, "expected_result: 0"))
                .containsExactly("with.expected_result: must be a mapping of ok_codes, max_tries, not '0'");
    }

    @Test
    void fillsDefaultsOfNestedRecords() {
        Problems problems = new Problems();
        assertThat(new ParameterBinder(problems).bind(Probe.class, mapping("expected_result: {ok_codes: [0]}"), "with"))
                .contains(new Probe(new Check(List.of(0), 2)));
        assertThat(problems.list()).isEmpty();
    }

    @Test
    void showsTheValueAsWrittenWhereAMessageAsksForIt() {
        assertThat(messages(Named.class, "name: '{min} ${x}'"))
                .containsExactly("with.name: '{min} ${x}' is not a name");
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
