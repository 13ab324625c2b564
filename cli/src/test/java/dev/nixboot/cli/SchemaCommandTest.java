package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.events.EventSchema;
import dev.nixboot.engine.fixture.FixturePlugin;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaCommandTest {
    @TempDir
    Path directory;

    @Test
    void printsTheSchemaOfTheBuiltInStepsAndThoseOfPlugins() throws Exception {
        CommandResult builtIn = nixboot(directory, "schema");
        assertThat(builtIn.code()).isZero();
        assertThat(builtIn.out())
                .startsWith("{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\"")
                .contains("\"with.exec\"")
                .doesNotContain("fixture.probe");
        CommandResult withPlugin = nixboot(
                directory,
                "schema",
                "--plugin-path",
                FixturePlugin.directory(directory).toString());
        assertThat(withPlugin.out()).contains("\"with.fixture.probe\"", "\"with.exec\"");
    }

    @Test
    void printsTheEventSchema() {
        CommandResult result = nixboot(directory, "schema", "--events");
        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo(new EventSchema().render());
    }
}
