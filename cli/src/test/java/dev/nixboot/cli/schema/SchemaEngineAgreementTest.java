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
 * The schema and the engine judge playbooks alike: every mistake in agreement/invalid/ is one a schema can express,
 * and both the engine and the schema (through an independent validator) must reject it, so an editor flags what
 * {@code nixboot validate} would. The valid playbook beside them, which each mistake is made in, passes both.
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
        assertThat(invalid).hasSizeGreaterThanOrEqualTo(30);
        return invalid.stream().map(playbook -> DynamicTest.dynamicTest(playbook.getFileName().toString(), () -> {
            assertThatThrownBy(() -> ENGINE.compile(playbook, VariableInputs.none()))
                    .as("the engine accepts %s", playbook.getFileName()).isInstanceOf(PlaybookException.class);
            assertThat(SCHEMA.problems(playbook)).as("the schema accepts %s", playbook.getFileName()).isNotEmpty();
        }));
    }
}
