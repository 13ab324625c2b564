package dev.nixboot.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.schema.FixtureSteps;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StepsCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = new CommandLine(new StepsCommand(pluginPath -> FixtureSteps.all()));
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        return command.execute(args);
    }

    @Test
    void listsEveryTypeWithItsSummary() {
        assertThat(run()).isZero();
        assertThat(out.toString()).startsWith("""
                fixture.note   Print a note
                fixture.probe  Check that a host answers on a port
                """);
    }

    @Test
    void describesParametersWithTypesDefaultsConstraintsAndDescriptions() {
        assertThat(run("fixture.probe")).isZero();
        assertThat(out.toString()).contains("""
                fixture.probe: Check that a host answers on a port

                Parameters (under with:):
                  host      string, required, not empty
                            The host to reach.
                  port      int, default 22, 1..65535
                            The TCP port.
                  okCodes   list of int, default [0], each 0..255
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
    void describesOutputsMarkingSecretOnesAndShowsTheExample() {
        run("fixture.probe");
        assertThat(out.toString()).contains("""
                Outputs (${{ steps.<id>.outputs.<name> }}):
                  latency_ms  How long the answer took.
                  banner      (secret) What the server said first.

                Example:
                  - id: probe
                    type: fixture.probe
                """);
    }

    @Test
    void rejectsAnUnknownTypeWithASuggestionAndExitCode2() {
        assertThat(run("fixture.prob")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("nixboot steps: unknown step type 'fixture.prob'; did you mean"
                + " 'fixture.probe'? run `nixboot steps` for the list." + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }
}
