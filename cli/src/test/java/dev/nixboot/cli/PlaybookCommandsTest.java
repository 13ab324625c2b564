package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.nixboot.cli.invocation.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** validate and run, in-process against the real engine and the built-in steps, with fixture playbooks. */
@Timeout(60)
class PlaybookCommandsTest {

    /** The cli module: tests run in it. */
    private static final Path MODULE = Path.of("").toAbsolutePath();

    @TempDir
    Path directory;

    @BeforeEach
    void fixtures() {
        CommandResult.copyFixtures(directory);
    }

    @Test
    void validateSaysAValidPlaybookIsValid() {
        CommandResult result = nixboot(directory, "validate", "valid/hello.yaml");

        assertThat(result.err()).isEmpty();
        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("valid/hello.yaml: valid, 2 steps\n");
    }

    @Test
    void validatePrintsProblemsCompilerStyleAndExitsTwo() {
        CommandResult result = nixboot(directory, "validate", "invalid/unknown-key.yaml");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err())
                .startsWith("invalid/unknown-key.yaml:9:5: steps[1]")
                .contains("neds", "did you mean 'needs'?", "    neds: [first]\n    ^\n")
                .endsWith("1 problem in invalid/unknown-key.yaml; nothing was run\n")
                .doesNotContain("Exception", "\tat ");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void oldStepTypeNamesPointToTheirNewNames() {
        CommandResult result = nixboot(directory, "validate", "invalid/renamed-step-types.yaml");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err())
                .contains("invalid/renamed-step-types.yaml:4:11: steps[0].type: unknown step type 'ssh-keygen'"
                        + " (did you mean 'ssh.keygen'?)")
                .contains("invalid/renamed-step-types.yaml:8:11: steps[1].type: unknown step type 'known-hosts'"
                        + " (did you mean 'ssh.known-hosts'?)")
                .endsWith("2 problems in invalid/renamed-step-types.yaml; nothing was run\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void anUndeclaredVarIsAProblem() {
        CommandResult result = nixboot(directory, "validate", "valid/hello.yaml", "--var", "greting=hi");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("greting", "did you mean 'greeting'?");
    }

    @Test
    void dryRunStartsNoProcessAndWritesNothing() throws Exception {
        CommandResult result = nixboot(directory, "run", "valid/marker.yaml", "--dry-run");

        assertThat(result.err()).isEmpty();
        assertThat(result.code()).isZero();
        assertThat(result.out())
                .contains("1. touch (exec)", "> run: touch marker-file")
                .contains("2. script (exec)", "> run: sh -c 'mkdir -p made-by-script && echo $$ > made-by-script/pid'");
        assertThat(directory.resolve("marker-file")).doesNotExist();
        assertThat(directory.resolve("made-by-script")).doesNotExist();
        assertThat(directory.resolve(".nixboot")).doesNotExist();
        try (var files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("valid", "invalid");
        }
    }

    @Test
    void dryRunShowsResolvedParametersAndPlaceholdersForOutputs() {
        CommandResult result = nixboot(directory, "run", "valid/hello.yaml", "--dry-run", "--var", "greeting=hi");

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("> run: echo 'hi world'").contains("HEARD: <steps.first.outputs.stdout>");
    }

    @Test
    void aJsonDryRunWritesOnePlannedStepPerLineMatchingTheSchemaMasksSecretsAndWritesNothing() throws Exception {
        Files.writeString(directory.resolve("secret.yaml"), """
                name: secret
                vars:
                  token: {type: string, secret: true, default: s3cr3t-value}
                steps:
                  - id: first
                    type: exec
                    with:
                      argv: [echo, hello]
                  - id: second
                    type: exec
                    when: ${{ token != '' }}
                    with:
                      script: use-token "$HEARD"
                      env:
                        TOKEN: ${{ token }}
                        HEARD: ${{ steps.first.outputs.stdout }}
                """);

        CommandResult result =
                nixboot(directory, "run", "secret.yaml", "--dry-run", "--output", "json", "--skip", "first");

        assertThat(result.err()).isEmpty();
        assertThat(result.code()).isZero();
        assertThat(result.out()).doesNotContain("s3cr3t-value");
        ObjectMapper json = new ObjectMapper();
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(json.readTree(Files.readString(MODULE.getParent().resolve("schemas/events.schema.json"))));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : result.out().split("\n")) {
            JsonNode node = json.readTree(line);
            assertThat(schema.validate(node)).as(line).isEmpty();
            lines.add(node);
        }
        assertThat(lines).extracting(node -> node.get("step").asText()).containsExactly("first", "second");
        assertThat(lines)
                .allSatisfy(node -> assertThat(node.get("event").asText()).isEqualTo("planned_step"));
        assertThat(lines.get(0).get("selected").asBoolean()).isFalse();
        JsonNode second = lines.get(1);
        assertThat(second.get("needs")).extracting(JsonNode::asText).containsExactly("first");
        assertThat(second.get("when").asText()).isEqualTo("${{ token != '' }}");
        assertThat(second.get("parameters").get("env").get("TOKEN").asText()).isEqualTo("***");
        assertThat(second.get("parameters").get("env").get("HEARD").asText()).isEqualTo("<steps.first.outputs.stdout>");
        assertThat(second.get("actions").get(0).asText()).startsWith("run: sh -c");
        assertThat(directory.resolve(".nixboot")).doesNotExist();
    }

    @Test
    void aRunShowsProgressPrefixedOutputAndASummaryTable() {
        CommandResult result = nixboot(directory, "run", "valid/hello.yaml");

        assertThat(result.err()).isEmpty();
        assertThat(result.code()).isZero();
        assertThat(result.out())
                .contains("[first] started (exec)", "first | hello world", "[first] succeeded in ")
                .contains("second | second heard hello world")
                .containsPattern("(?m)^STEP\\s+TYPE\\s+RESULT\\s+TIME$")
                .containsPattern("(?m)^second\\s+exec\\s+succeeded\\s+\\d+(ms|(\\.\\d)?s)$")
                .contains("2 succeeded in ");
    }

    @Test
    void aFailedStepSkipsItsDependentsLetsOtherBranchesFinishAndExitsOne() {
        CommandResult result = nixboot(directory, "run", "valid/branches.yaml");

        assertThat(result.code()).isEqualTo(ExitCode.STEP_FAILED);
        assertThat(result.out())
                .contains("[broken] FAILED in ", "exit code 3 (expected 0)")
                .contains("independent | independent ran")
                .containsPattern("(?m)^after_broken\\s+exec\\s+skipped");
        assertThat(directory.resolve("after_broken-ran")).doesNotExist();
    }

    @Test
    void aConfirmationWithoutTerminalFailsClearlyInsteadOfHanging() {
        CommandResult result = nixboot(directory, "run", "valid/confirm.yaml");

        assertThat(result.code()).isEqualTo(ExitCode.STEP_FAILED);
        assertThat(result.out()).contains("no terminal to ask 'Erase everything?'; pass --yes to answer yes");
        assertThat(directory.resolve("erased")).doesNotExist();
    }

    @Test
    void yesAnswersTheConfirmation() {
        CommandResult result = nixboot(directory, "run", "valid/confirm.yaml", "--yes");

        assertThat(result.code()).isZero();
        assertThat(directory.resolve("erased")).exists();
    }

    @Test
    void anUnknownStepIdInASelectionIsAUsageErrorWithASuggestion() {
        CommandResult result = nixboot(directory, "run", "valid/hello.yaml", "--only", "frist");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).isEqualTo("nixboot run: --only frist: no such step (did you mean 'first'?)\n");
    }

    @Test
    void onlyRunsTheSelectedSteps() {
        CommandResult result = nixboot(directory, "run", "valid/branches.yaml", "--only", "independent");

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("independent | independent ran").doesNotContain("about to fail");
    }
}
