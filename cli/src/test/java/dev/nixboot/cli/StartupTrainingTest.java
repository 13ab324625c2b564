package dev.nixboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.invocation.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher runs the training with its output sent nowhere and its failures ignored (the cache is then only less
 * complete), so this keeps each of its commands succeeding on the shipped training playbook, touching nothing.
 */
class StartupTrainingTest {
    private static final Path TRAINING = Path.of("src/dist/lib/training.yaml").toAbsolutePath();

    @Test
    void everyTrainingCommandSucceedsOnTheShippedPlaybookAndWritesNothing(@TempDir Path directory) throws Exception {
        Path playbook = Files.copy(TRAINING, directory.resolve("training.yaml"));

        for (List<String> command : StartupTraining.commands(playbook.toString())) {
            CommandResult result = CommandResult.nixboot(directory, command.toArray(String[]::new));
            assertThat(result.code()).as("%s: %s", command, result.err()).isEqualTo(ExitCode.OK);
        }

        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(playbook);
        }
    }
}
