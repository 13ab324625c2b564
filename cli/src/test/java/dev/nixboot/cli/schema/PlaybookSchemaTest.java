package dev.nixboot.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nixboot.engine.fixture.FixtureSteps;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaybookSchemaTest {
    private static final String VALID = """
            name: probe the host
            vars:
              host: {type: string, required: true, pattern: '^[a-z0-9.-]+$'}
              port: {type: int, default: 22, min: 1, max: 65535}
              password: {type: string, secret: true}
            steps:
              - id: note
                type: fixture.note
                with: {message: starting}
              - id: probe
                type: fixture.probe
                needs: [note]
                when: ${{ port > 0 }}
                tags: [network]
                retry: {attempts: 3, delay: 2s, backoff: 2}
                timeout: 1m30s
                continue_on_error: true
                confirm: Probe ${{ host }}?
                description: Checks the port.
                with:
                  host: ${{ host }}
                  port: ${{ port }}
                  ok_codes: [0, 1]
                  env: {LANG: C}
                  password: ${{ password }}
                  mode: thorough
                  timeout: 5s
            """;

    private final SchemaValidation validation = SchemaValidation.ofSteps(FixtureSteps.all());

    @Test
    void acceptsAPlaybookUsingEveryKey() {
        assertThat(validation.problems(VALID)).isEmpty();
    }

    @Test
    void acceptsTemplatesWhereTheResolvedValueIsTyped() {
        assertThat(validation.problems(VALID.replace("mode: thorough", "mode: ${{ mode }}")
                        .replace("ok_codes: [0, 1]", "ok_codes: [0, '${{ extra_code }}']")))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            port out of range           | 'port: ${{ port }}'      | 'port: 70000'                   | $.steps[1].with.port
            unknown parameter           | 'mode: thorough'         | 'mood: thorough'                | $.steps[1].with: property 'mood'
            enum value not listed       | 'mode: thorough'         | 'mode: sloppy'                  | $.steps[1].with.mode
            string where int expected   | 'port: ${{ port }}'      | 'port: twenty'                  | $.steps[1].with.port
            list item out of range      | 'ok_codes: [0, 1]'       | 'ok_codes: [0, 300]'            | $.steps[1].with.ok_codes[1]
            pattern not matched         | 'mode: thorough'         | 'user: Root'                    | $.steps[1].with.user
            required parameter missing  | 'host: ${{ host }}'      | 'user: root'                    | $.steps[1].with
            bad duration parameter      | 'timeout: 5s'            | 'timeout: soon'                 | $.steps[1].with.timeout
            unknown step key            | 'tags: [network]'        | 'tag: [network]'                | $.steps[1]: property 'tag'
            unknown step type           | 'type: fixture.note'     | 'type: fixture.nope'            | $.steps[0].type
            bad step id                 | 'id: probe'              | 'id: 2probe'                    | $.steps[1].id
            needs not a list            | 'needs: [note]'          | 'needs: {note: true}'           | $.steps[1].needs
            retry with zero attempts    | 'attempts: 3'            | 'attempts: 0'                   | $.steps[1].retry.attempts
            bad step timeout            | 'timeout: 1m30s'         | 'timeout: forever'              | $.steps[1].timeout
            unknown variable key        | 'secret: true'           | 'hidden: true'                  | $.vars.password: property 'hidden'
            unknown variable type       | 'type: int'              | 'type: integer'                 | $.vars.port.type
            int variable string default | 'default: 22'            | 'default: twenty'               | $.vars.port.default
            unknown top-level key       | 'name: probe the host'   | 'title: probe the host'         | '$: property ''title'''
            upper-case step id          | 'id: probe'              | 'id: Probe'                     | $.steps[1].id
            reserved variable name      | '  password: {'          | '  env: {'                      | $.vars
            pattern on an int variable  | 'min: 1, max: 65535'     | 'min: 1, pattern: x'            | $.vars.port
            bounds on a string variable | 'secret: true'           | 'max: 3'                        | $.vars.password
            when neither bool nor expr  | 'when: ${{ port > 0 }}'  | 'when: port > 0'                | $.steps[1].when
            retry count too large       | 'retry: {attempts: 3, delay: 2s, backoff: 2}' | 'retry: 1001' | $.steps[1].retry
            backoff below one           | 'backoff: 2'             | 'backoff: 0.5'                  | $.steps[1].retry.backoff
            """)
    void rejectsAMistakeAndPointsAtIt(String mistake, String original, String replacement, String location) {
        assertThat(VALID).contains(original);
        List<String> problems = validation.problems(VALID.replace(original, replacement));
        assertThat(problems).as(mistake).isNotEmpty();
        assertThat(problems)
                .as(mistake)
                .anyMatch(p -> p.startsWith(location + ":")
                        || p.startsWith(location + " ")
                        || location.contains(" property ") && p.startsWith(location));
    }

    @Test
    void acceptsTheShortFormsOfVariablesAndRetry() {
        String shortForms = VALID.replace("port: {type: int, default: 22, min: 1, max: 65535}", "port: 22")
                .replace("retry: {attempts: 3, delay: 2s, backoff: 2}", "retry: 3")
                .replace("name: probe the host\n", "")
                .replace("timeout: 1m30s", "timeout: PT90S");
        assertThat(shortForms).doesNotContain("name:").contains("retry: 3");
        assertThat(validation.problems(shortForms)).isEmpty();
    }

    @Test
    void acceptsOneValueAloneWhereTheEngineTakesItAsAListOfOne() {
        String single = VALID.replace("needs: [note]", "needs: note").replace("tags: [network]", "tags: network");
        assertThat(single).contains("needs: note", "tags: network");
        assertThat(validation.problems(single)).isEmpty();
    }

    @Test
    void givesEachStepTypeItsOwnParameters() {
        String swapped = VALID.replace("with: {message: starting}", "with: {message: starting, port: 22}");
        assertThat(validation.problems(swapped)).anyMatch(p -> p.startsWith("$.steps[0].with: property 'port'"));
    }

    @Test
    void rendersTheSameTextEveryTime() {
        PlaybookSchema schema = new PlaybookSchema(FixtureSteps.all(), new StepParameterSchemas());
        String first = schema.render();
        assertThat(new PlaybookSchema(FixtureSteps.all(), new StepParameterSchemas()).render())
                .isEqualTo(first);
        assertThat(first).endsWith("}\n").doesNotContain("\r").contains("\"type\": \"object\"");
    }

    @Test
    void offersEachStepTypeWithItsSummaryForCompletion() throws Exception {
        JsonNode schema = new ObjectMapper()
                .readTree(new PlaybookSchema(FixtureSteps.all(), new StepParameterSchemas()).render());
        assertThat(schema.at("/properties/steps/items/properties/type/enum").toString())
                .isEqualTo("[\"fixture.note\",\"fixture.probe\"]");
        assertThat(schema.at("/properties/steps/items/properties/type/enumDescriptions")
                        .toString())
                .isEqualTo("[\"Print a note\",\"Check that a host answers on a port\"]");
        assertThat(schema.at("/definitions/with.fixture.probe/properties/port/anyOf/1/$ref")
                        .asText())
                .isEqualTo("#/definitions/template");
        assertThat(schema.at("/definitions/with.fixture.probe/properties/port/default")
                        .asInt())
                .isEqualTo(22);
    }
}
