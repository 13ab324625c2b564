package dev.nixboot.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Problems;
import dev.nixboot.engine.load.YamlLoader;
import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Secret;
import dev.nixboot.engine.spi.Unwrapped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameters several steps share, declared once in a record whose components playbooks write beside the others. */
class UnwrappedParametersTest {
    record Target(
            @NotBlank String host,
            @Min(1) @Max(65535) Integer port,
            @DefaultValue("false") boolean acceptNew) {}

    record Copy(@Unwrapped @Valid Target target, @NotBlank String source) {}

    record Login(@Secret String password) {}

    record Leaky(@Unwrapped Login login) {}

    @Test
    void bindsKeysWrittenBesideTheOthersIntoTheRecord() {
        Problems problems = new Problems();
        assertThat(new ParameterBinder(problems)
                        .bind(Copy.class, mapping("{host: gusto, port: 2222, source: a}"), "with"))
                .contains(new Copy(new Target("gusto", 2222, false), "a"));
        assertThat(problems.list()).isEmpty();
    }

    @Test
    void reportsAViolationAtTheKeyAsThePlaybookWritesIt() {
        Problems problems = new Problems();
        assertThat(new ParameterBinder(problems)
                        .bind(Copy.class, mapping("host: gusto\nport: 70000\nsource: a\n"), "with"))
                .isEmpty();
        assertThat(problems.list()).singleElement().satisfies(problem -> {
            assertThat(problem.path() + ": " + problem.message()).isEqualTo("with.port: must be at most 65535");
            assertThat(problem.location().line()).isEqualTo(2);
            assertThat(problem.location().column()).isEqualTo(7);
        });
    }

    @Test
    void namesTheRecordsKeysInHintsAndMissingParameters() {
        assertThat(messages(Copy.class, "{hots: gusto, source: a}"))
                .containsExactlyInAnyOrder(
                        "with.hots: unknown parameter 'hots' (did you mean 'host'?)",
                        "with: missing required parameter 'host'");
        assertThat(messages(Copy.class, "{host: gusto, sorce: a}"))
                .contains("with.sorce: unknown parameter 'sorce' (did you mean 'source'?)");
    }

    @Test
    void refusesASecretInsideTheRecordWhichMaskingWouldNotSee() {
        assertThatThrownBy(
                        () -> new ParameterBinder(new Problems()).bind(Leaky.class, mapping("{password: x}"), "with"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@Secret or @NoSecrets component password");
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
