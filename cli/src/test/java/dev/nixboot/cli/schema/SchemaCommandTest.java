package dev.nixboot.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SchemaCommandTest {
    @Test
    void printsTheSchemaOfTheStepsItFinds() {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new SchemaCommand(pluginPath -> FixtureSteps.all()));
        command.setOut(new PrintWriter(out));
        assertThat(command.execute()).isZero();
        assertThat(out.toString())
                .isEqualTo(new PlaybookSchema(FixtureSteps.all(), new StepParameterSchemas()).render())
                .contains("\"with.fixture.probe\"");
    }
}
