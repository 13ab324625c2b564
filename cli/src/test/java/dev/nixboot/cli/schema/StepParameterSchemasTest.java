package dev.nixboot.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nixboot.engine.fixture.FixtureSteps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepParameterSchemasTest {
    private final ObjectNode schema = new StepParameterSchemas().schemaFor(FixtureSteps.Probe.class);

    @Test
    void namesParametersInSnakeCaseInDeclarationOrder() {
        List<String> names = new ArrayList<>();
        schema.get("properties").fieldNames().forEachRemaining(names::add);
        assertThat(names)
                .containsExactly("host", "port", "ok_codes", "env", "password", "mode", "user", "timeout", "verbose");
        assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void requiresOnlyConstrainedParametersWithoutDefault() {
        assertThat(schema.get("required").toString()).isEqualTo("[\"host\"]");
    }

    @Test
    void carriesJakartaBoundsDescriptionsAndTypedDefaults() {
        JsonNode port = schema.at("/properties/port");
        assertThat(port.get("type").asText()).isEqualTo("integer");
        assertThat(port.get("minimum").asInt()).isEqualTo(1);
        assertThat(port.get("maximum").asInt()).isEqualTo(65535);
        assertThat(port.get("default").isInt()).isTrue();
        assertThat(port.get("default").asInt()).isEqualTo(22);
        assertThat(port.get("description").asText()).isEqualTo("The TCP port.");
        assertThat(schema.at("/properties/host/minLength").asInt()).isEqualTo(1);
        assertThat(schema.at("/properties/verbose/default").isBoolean()).isTrue();
        assertThat(schema.at("/properties/ok_codes/default").toString()).isEqualTo("[0]");
        assertThat(schema.at("/properties/ok_codes/items/maximum").asInt()).isEqualTo(255);
        assertThat(schema.at("/properties/user/pattern").asText()).isEqualTo("^(?:[a-z_][a-z0-9_-]*)$");
    }

    @Test
    void writesMapsEnumsAndDurationsAsTheBinderReadsThem() {
        assertThat(schema.at("/properties/env/type").asText()).isEqualTo("object");
        assertThat(schema.at("/properties/env/additionalProperties/type").asText())
                .isEqualTo("string");
        assertThat(schema.at("/properties/mode/enum").toString()).isEqualTo("[\"fast\",\"thorough\"]");
        assertThat(schema.at("/properties/mode/default").asText()).isEqualTo("fast");
        assertThat(schema.at("/properties/timeout/pattern").asText()).isEqualTo(PlaybookSyntax.DURATION);
    }
}
