package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.invocation.Cancellation;
import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.cli.invocation.Invocation;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line itself: options, usage errors and exit codes. None of this needs a playbook to be valid. */
class CommandLineTest {

    @TempDir
    Path directory;

    @Test
    void versionNamesNixbootAndTheJavaRunningIt() {
        CommandResult result = nixboot(directory, "--version");

        assertThat(result.code()).isZero();
        assertThat(result.out())
                .matches("(?s)nixboot \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{12}|unknown)\\)\nJava .*");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        CommandResult result = nixboot(directory, "--help");

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("run", "validate", "Exit codes: 0 ok, 1 a step failed");
    }

    /** run, validate and graph take a playbook the same way; run and validate can take it over an inventory. */
    @ParameterizedTest
    @ValueSource(strings = {"run", "validate", "graph"})
    void everyPlaybookCommandTakesThePlaybookArguments(String command) {
        CommandResult result = nixboot(directory, command, "--help");

        assertThat(result.code()).isZero();
        assertThat(result.out())
                .containsPattern("PLAYBOOK\\s+The playbook file \\(YAML\\)\\.")
                .containsPattern("--var=NAME=VALUE\\s+Set a variable")
                .containsPattern("--vars-file=FILE\\s+Read variables from a YAML mapping")
                .containsPattern("--plugin-path=DIR\\s+Load extra step jars from DIR")
                .containsPattern("--debug\\s+Show stack traces");
        if (command.equals("graph")) {
            assertThat(result.out()).doesNotContain("--inventory", "--limit");
        } else {
            assertThat(result.out()).contains("--inventory=FILE", "--limit=HOST");
        }
    }

    @Test
    void anUnknownOptionIsAUsageErrorOnOneLine() {
        CommandResult result = nixboot(directory, "run", "x.yaml", "--bogus");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).isEqualTo("nixboot run: Unknown option: '--bogus'; see 'nixboot run --help'\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aMisspelledOptionGetsASuggestion() {
        CommandResult result = nixboot(directory, "run", "x.yaml", "--dryrun");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("did you mean --dry-run?").hasLineCount(1);
    }

    @Test
    void aMissingPlaybookIsAUsageError() {
        CommandResult result = nixboot(directory, "run", "nope.yaml");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).isEqualTo("nixboot run: no such playbook: nope.yaml\n");
    }

    @Test
    void aVarWithoutEqualsIsAUsageError() {
        CommandResult.copyFixtures(directory);

        CommandResult result = nixboot(directory, "validate", "valid/hello.yaml", "--var", "greeting");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err())
                .isEqualTo("valid/hello.yaml: --var greeting: write --var greeting=value\n"
                        + "1 problem in valid/hello.yaml; nothing was run\n");
    }

    @Test
    void aMissingVarsFileIsAUsageError() {
        CommandResult.copyFixtures(directory);

        CommandResult result = nixboot(directory, "validate", "valid/hello.yaml", "--vars-file", "none.yaml");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).isEqualTo("nixboot validate: --vars-file none.yaml: no such file\n");
    }

    @Test
    void parallelismBelowOneIsAUsageError() {
        CommandResult result = nixboot(directory, "run", "x.yaml", "--parallel", "0");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).isEqualTo("nixboot run: --parallel must be at least 1, got 0\n");
    }

    @Test
    void noSubcommandShowsUsageAsAnError() {
        CommandResult result = nixboot(directory);

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("Usage: nixboot");
    }

    @Test
    void aMissingPluginDirectoryIsAUsageError() {
        CommandResult.copyFixtures(directory);

        CommandResult result = nixboot(directory, "validate", "valid/hello.yaml", "--plugin-path", "plugins");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).isEqualTo("nixboot validate: --plugin-path plugins: no such directory\n");
    }

    @Test
    void anInternalErrorIsTwoLinesWithoutDebugAndAStackTraceWithIt() {
        CommandResult.copyFixtures(directory);
        Invocation broken = new Invocation(
                directory,
                Map.of(),
                directory,
                (host, plugins) -> {
                    throw new IllegalArgumentException("boom");
                },
                Optional::empty,
                new Cancellation());

        CommandResult plain = CommandResult.nixboot(broken, "validate", "valid/hello.yaml");
        CommandResult debug = CommandResult.nixboot(broken, "validate", "valid/hello.yaml", "--debug");

        assertThat(plain.code()).isEqualTo(ExitCode.STEP_FAILED);
        assertThat(plain.err())
                .isEqualTo("nixboot: internal error: java.lang.IllegalArgumentException: boom\n"
                        + "nixboot: run again with --debug to see where it happened\n");
        assertThat(debug.code()).isEqualTo(ExitCode.STEP_FAILED);
        assertThat(debug.err()).contains("\tat dev.nixboot.cli.");
    }

    @Test
    void twoStepsClaimingOneTypeIsAUsageErrorNamingThem() {
        CommandResult.copyFixtures(directory);
        Invocation clash = new Invocation(
                directory,
                Map.of(),
                directory,
                (host, plugins) -> {
                    throw new IllegalStateException("step type 'exec' is claimed by both a.ExecStep and b.ExecStep");
                },
                Optional::empty,
                new Cancellation());

        CommandResult result = CommandResult.nixboot(clash, "validate", "valid/hello.yaml");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err())
                .isEqualTo("nixboot validate: step type 'exec' is claimed by both a.ExecStep and b.ExecStep\n");
    }
}
