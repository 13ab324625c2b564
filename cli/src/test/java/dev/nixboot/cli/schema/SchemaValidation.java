package dev.nixboot.cli.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Checks YAML playbooks against a schema with networknt's validator, which shares no code with the victools generator:
 * a schema that only its own generator understood would fail here.
 */
public final class SchemaValidation {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final JsonSchema schema;

    public SchemaValidation(String schemaJson) {
        try {
            this.schema =
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(MAPPER.readTree(schemaJson));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SchemaValidation ofSteps(List<dev.nixboot.engine.spi.Step<?, ?>> steps) {
        return new SchemaValidation(new PlaybookSchema(steps, new StepParameterSchemas()).render());
    }

    /** The problems with a playbook, one message each, sorted; empty when it is valid. */
    public List<String> problems(String yaml) {
        Object data;
        try {
            data = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            return List.of("not valid YAML: " + e.getMessage());
        }
        JsonNode json = MAPPER.valueToTree(data);
        return schema.validate(json).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    public List<String> problems(Path playbook) {
        try {
            return problems(Files.readString(playbook));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
