package dev.nixboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The training runs of the start-up cache ignore their own failures, so this keeps them going the whole way. */
class StartupTrainingTest {

    @Test
    void theRealRunsMakeAKeyTrustItAndRunACommandOverSshLeavingNothingBehind() throws Exception {
        Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
        long before = trainingDirectories(temporary);
        StringWriter output = new StringWriter();

        List<Integer> codes = StartupTraining.realRuns(new PrintWriter(output, true));

        assertThat(output.toString())
                .containsPattern("\\nkey +ssh-keygen +succeeded")
                .containsPattern("\\ntrust +known-hosts +succeeded")
                .containsPattern("\\nconnect +ssh\\.exec +succeeded")
                .contains("\"event\":\"run_finished\"");
        assertThat(codes).containsExactly(ExitCode.OK, ExitCode.OK);
        assertThat(trainingDirectories(temporary)).isEqualTo(before);
    }

    private static long trainingDirectories(Path temporary) throws Exception {
        try (Stream<Path> files = Files.list(temporary)) {
            return files.filter(f -> f.getFileName().toString().startsWith("nixboot-training-")).count();
        }
    }
}
