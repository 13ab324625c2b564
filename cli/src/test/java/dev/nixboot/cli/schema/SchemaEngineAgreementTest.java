package dev.nixboot.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nixboot.cli.testing.ShippedSteps;
import dev.nixboot.engine.Engines;
import dev.nixboot.engine.PlaybookEngine;
import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.VariableInputs;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The schema and the engine judge playbooks alike. Both come from the same records, so what is left to disagree is the
 * translation: each mistake in agreement/invalid/ is one way a record's rule becomes JSON Schema (a constraint, a
 * type the binder reads in its own way, a short form, a variable type's rules, the duration grammar the schema spells
 * as a regular expression, the step types), and both the engine and the schema (through an independent validator) must
 * reject it, so an editor flags what {@code nixboot validate} would. A second mistake of the same kind (an unknown key
 * of another record) would test nothing new, so there is none. The valid playbook beside them, which each mistake is
 * made in, passes both.
 */
class SchemaEngineAgreementTest {
    private static final PlaybookEngine ENGINE = Engines.create(ThisProcess.host(), List.of());
    private static final SchemaValidation SCHEMA = SchemaValidation.ofSteps(ShippedSteps.find());

    private static Path fixtures() throws URISyntaxException {
        return Path.of(SchemaEngineAgreementTest.class.getResource("/agreement").toURI());
    }

    @Test
    void bothAcceptTheValidPlaybook() throws Exception {
        Path valid = fixtures().resolve("valid.yaml");
        assertThat(SCHEMA.problems(valid)).isEmpty();
        assertThat(ENGINE.compile(valid, VariableInputs.none()).stepIds()).containsExactly("first", "second");
    }

    @TestFactory
    Stream<DynamicTest> bothRejectEachMistake() throws IOException, URISyntaxException {
        List<Path> invalid;
        try (Stream<Path> files = Files.list(fixtures().resolve("invalid"))) {
            invalid = files.sorted().toList();
        }
        assertThat(invalid).hasSizeGreaterThanOrEqualTo(20);
        return invalid.stream()
                .map(playbook -> DynamicTest.dynamicTest(playbook.getFileName().toString(), () -> {
                    assertThatThrownBy(() -> ENGINE.compile(playbook, VariableInputs.none()))
                            .as("the engine accepts %s", playbook.getFileName())
                            .isInstanceOf(PlaybookException.class);
                    assertThat(SCHEMA.problems(playbook))
                            .as("the schema accepts %s", playbook.getFileName())
                            .isNotEmpty();
                }));
    }
}
