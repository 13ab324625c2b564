package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --output}: which listener a run reports to. */
class RunOutputTest {
    @TempDir
    Path directory;

    @Test
    void refusesAnUnknownOutputFormat() {
        CommandResult result = nixboot(directory, "run", "x.yaml", "--output", "xml");
        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("'xml' is not an output format: use human or json");
    }
}
