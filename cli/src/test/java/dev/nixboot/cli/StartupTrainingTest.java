package dev.nixboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The training run of the start-up cache ignores its own failures, so this keeps it going the whole way. */
class StartupTrainingTest {

    @Test
    void theRealRunMakesAKeyTrustsItAndIsRefusedByTheListenersOtherKeyLeavingNothingBehind() throws Exception {
        Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
        long before = trainingDirectories(temporary);
        StringWriter output = new StringWriter();

        int code = StartupTraining.realRun(new PrintWriter(output, true));

        assertThat(output.toString())
                .containsPattern("\\nkey +ssh-keygen +succeeded")
                .containsPattern("\\ntrust +known-hosts +succeeded")
                .containsPattern("\\nconnect +ssh\\.exec +FAILED .*host key of \\[127\\.0\\.0\\.1]:\\d+ has CHANGED");
        assertThat(code).isEqualTo(ExitCode.STEP_FAILED);
        assertThat(trainingDirectories(temporary)).isEqualTo(before);
    }

    private static long trainingDirectories(Path temporary) throws Exception {
        try (Stream<Path> files = Files.list(temporary)) {
            return files.filter(f -> f.getFileName().toString().startsWith("nixboot-training-")).count();
        }
    }
}
