package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.cli.testing.RepositoryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --output}: events for programs on stdout with the display for people on stderr, or the display alone. */
class RunOutputTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    @Timeout(60)
    void streamsEventsMatchingTheCommittedSchemaOnStdout() throws Exception {
        CommandResult.copyFixtures(directory);
        CommandResult result = nixboot(directory, "run", "valid/hello.yaml", "--output", "json");
        assertThat(result.code()).as(result.err()).isZero();

        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(MAPPER.readTree(
                        Files.readString(RepositoryFiles.root().resolve("schemas/events.schema.json"))));
        List<JsonNode> events = new ArrayList<>();
        for (String line : result.out().split("\n")) {
            JsonNode event = MAPPER.readTree(line);
            assertThat(schema.validate(event)).as(line).isEmpty();
            events.add(event);
        }
        assertThat(events)
                .extracting(e -> e.get("event").asText())
                .containsExactly(
                        "run_started",
                        "step_started",
                        "output",
                        "step_finished",
                        "step_started",
                        "output",
                        "step_finished",
                        "run_finished");
        assertThat(events.get(2).get("line").asText()).isEqualTo("hello world");
        assertThat(events.get(3).at("/outputs/stdout").asText()).isEqualTo("hello world");
        assertThat(events.get(7).get("exit_code").asInt()).isZero();
        assertThat(events.get(7).at("/summary/succeeded").asInt()).isEqualTo(2);
        assertThat(result.err()).contains("[first] started (exec)", "second | second heard hello world");
    }

    @Test
    @Timeout(60)
    void aStepLeftOutBecauseAStepItNeedsFailedNamesThatStepInItsEventAndTheSummary() throws Exception {
        CommandResult.copyFixtures(directory);
        CommandResult result = nixboot(directory, "run", "valid/failed-dependency.yaml", "--output", "json");
        assertThat(result.code()).as(result.err()).isEqualTo(1);

        List<JsonNode> finished = new ArrayList<>();
        for (String line : result.out().split("\n")) {
            JsonNode event = MAPPER.readTree(line);
            if (event.get("event").asText().equals("step_finished")) {
                finished.add(event);
            }
        }
        assertThat(finished).extracting(e -> e.get("step").asText()).containsExactly("fetch", "build", "ship");
        assertThat(finished)
                .extracting(e -> e.get("status").asText())
                .containsExactly("failed", "skipped_dependency", "skipped_dependency");
        // Not only the step right after it: every step downstream names the failure that stopped the chain.
        assertThat(finished.subList(1, 3))
                .extracting(e -> e.get("error").asText())
                .containsOnly("'fetch' failed");
        assertThat(result.err())
                .containsPattern("build +exec +skipped +- +'fetch' failed")
                .containsPattern("ship +exec +skipped +- +'fetch' failed");
    }

    @Test
    @Timeout(60)
    void showsPlainLinesWithoutEscapesWhenNotOnATerminal() {
        CommandResult.copyFixtures(directory);
        CommandResult result = nixboot(directory, "run", "valid/hello.yaml");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("[first] started (exec)", "first | hello world")
                .doesNotContain("\u001b");
    }

    @Test
    @Timeout(60)
    void showsNoticesAboutTheWholeRunToPeopleAndPrograms() throws Exception {
        // Two homes, so that neither run finds the state the other saved.
        Path people = directory.resolve("people");
        Path programs = directory.resolve("programs");
        CommandResult.copyFixtures(people);
        CommandResult.copyFixtures(programs);
        CommandResult human = nixboot(people, "run", "valid/hello.yaml", "--resume");
        CommandResult json = nixboot(programs, "run", "valid/hello.yaml", "--resume", "--output", "json");

        assertThat(human.code()).as(human.err()).isZero();
        assertThat(human.out()).contains("note: no saved run of this playbook: running every step");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode first = MAPPER.readTree(json.out().split("\n")[0]);
        assertThat(first.get("event").asText()).isEqualTo("notice");
        assertThat(first.get("message").asText()).isEqualTo("no saved run of this playbook: running every step");
        assertThat(json.err()).contains("note: no saved run of this playbook: running every step");
    }

    @Test
    void refusesAnUnknownOutputFormat() {
        CommandResult result = nixboot(directory, "run", "x.yaml", "--output", "xml");
        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("'xml' is not an output format: use human or json");
    }
}
