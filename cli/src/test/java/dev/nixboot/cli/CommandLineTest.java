package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line itself: options, usage errors and exit codes. None of this needs a playbook to be valid. */
class CommandLineTest {

    @TempDir
    Path directory;

    @Test
    void versionNamesNixbootAndTheJavaRunningIt() {
        CommandResult result = nixboot(directory, "--version");

        assertThat(result.code()).isZero();
        assertThat(result.out()).matches("(?s)nixboot \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{12}|unknown)\\)\nJava .*");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        CommandResult result = nixboot(directory, "--help");

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("run", "validate", "Exit codes: 0 ok, 1 a step failed");
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
        assertThat(result.err()).isEqualTo("nixboot validate: --var expects NAME=VALUE, got 'greeting'\n");
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
}
