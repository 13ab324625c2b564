package dev.nixboot.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.Engines;
import dev.nixboot.engine.PlaybookEngine;
import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.run.fixture.Options;
import dev.nixboot.engine.run.fixture.RecordingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A secret a step returns is masked because of what it is, not because of what it is called. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecretOutputsTest {
    private static final String KEY = "AGE-SECRET-KEY-1QQQSECRETVALUE";

    @TempDir
    Path directory;

    private final PlaybookEngine engine = Engines.create(ThisProcess.host(), List.of());

    @Test
    void aSecretOutputIsMaskedInOutputEventsErrorsAndStateWhateverItIsCalled() throws Exception {
        Path file = Files.writeString(directory.resolve("keys.yaml"), """
                name: keys
                steps:
                  - id: key
                    type: run.key
                    with: {key: %s}
                  - id: after
                    type: test.echo
                    needs: [key]
                    with: {message: "made %s"}
                  - id: rejected
                    type: run.fail
                    needs: [key]
                    with: {message: "rejected %s", failures: -1}
                """.formatted(KEY, KEY, KEY));
        RecordingListener listener = new RecordingListener();
        Path state = directory.resolve(".nixboot");

        RunSummary summary = engine.run(
                engine.compile(file, new VariableInputs(List.of(), List.of())),
                Options.in(state).build(),
                listener);

        assertThat(summary.exitCode()).isEqualTo(1);
        assertThat(listener.text()).doesNotContain(KEY).contains("made ***");
        assertThat(summary.steps().get(2).error()).isEqualTo("rejected ***");
        try (Stream<Path> files = Files.list(state)) {
            for (Path saved :
                    files.filter(path -> path.toString().endsWith(".json")).toList()) {
                assertThat(Files.readString(saved)).doesNotContain(KEY);
            }
        }
    }
}
