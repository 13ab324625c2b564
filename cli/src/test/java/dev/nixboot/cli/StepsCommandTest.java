package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.engine.fixture.FixturePlugin;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepsCommandTest {
    @TempDir
    Path directory;

    @Test
    void listsBuiltInStepsWithTheirSummaries() {
        CommandResult result = nixboot(directory, "steps");
        assertThat(result.code()).isZero();
        assertThat(result.out())
                .containsPattern("(?m)^exec +Run a local process")
                .contains("Run `nixboot steps TYPE` for a step's parameters, outputs and an example.");
    }

    @Test
    void listsStepsFromThePluginPath() throws Exception {
        Path plugins = FixturePlugin.directory(directory);
        CommandResult result = nixboot(directory, "steps", "--plugin-path", plugins.toString());
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).containsPattern("(?m)^fixture\\.probe +Check that a host answers on a port$");
        assertThat(nixboot(directory, "steps").out()).doesNotContain("fixture.probe");
    }

    @Test
    void describesParametersWithTypesDefaultsConstraintsAndDescriptions() throws Exception {
        Path plugins = FixturePlugin.directory(directory);
        CommandResult result = nixboot(directory, "steps", "fixture.probe", "--plugin-path", plugins.toString());
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("""
                fixture.probe: Check that a host answers on a port

                Parameters (under with:):
                  host      string, required, not empty
                            The host to reach.
                  port      int, default 22, 1..65535
                            The TCP port.
                  ok_codes  list of int, default [0], each 0..255
                            Exit codes that count as success.
                  env       map of string
                            Extra environment variables.
                  password  string, secret
                            The password to log in with.
                  mode      choice, default "fast", one of fast|thorough
                  user      string, matching ^(?:[a-z_][a-z0-9_-]*)$
                            The login name.
                  timeout   duration
                            How long to wait.
                  verbose   bool, default true
                """);
    }

    @Test
    void describesOutputsWithTheirKindMarkingSecretOnesAndShowsTheExample() throws Exception {
        Path plugins = FixturePlugin.directory(directory);
        CommandResult result = nixboot(directory, "steps", "fixture.probe", "--plugin-path", plugins.toString());
        assertThat(result.out()).contains("""
                Outputs (${{ steps.<id>.outputs.<name> }}):
                  latency_ms  number        How long the answer took.
                  banner      text, secret  What the server said first.

                Example:
                  - id: probe
                    type: fixture.probe
                """);
    }

    @Test
    void describesABuiltInStepFromItsRecord() {
        CommandResult result = nixboot(directory, "steps", "exec");
        assertThat(result.code()).isZero();
        assertThat(result.out())
                .containsPattern("(?m)^  ok_codes +list of int, default \\[0\\], not empty," + " each 0..255$")
                .contains("Outputs (")
                .contains("exit_code");
    }

    @Test
    void rejectsAnUnknownTypeWithASuggestionAndExitCode2() {
        CommandResult result = nixboot(directory, "steps", "exce");
        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err())
                .isEqualTo("nixboot steps: unknown step type 'exce' (did you mean 'exec'?); run"
                        + " 'nixboot steps' for the list\n");
        assertThat(result.out()).isEmpty();
    }
}
