package dev.nixboot.steps.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.Engines;
import dev.nixboot.engine.PlaybookEngine;
import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.run.fixture.Options;
import dev.nixboot.engine.run.fixture.RecordingListener;
import dev.nixboot.engine.spi.Interaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prompt's answer is secret exactly when the prompt is ({@code secret: true}), through a whole run: events, live
 * output, command lines and the state file.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PromptAnswersTest {
    @TempDir
    Path directory;

    private final PlaybookEngine engine = Engines.create(ThisProcess.host(), List.of());

    private RunSummary run(String steps, String answer, RecordingListener listener) throws Exception {
        Path file = Files.writeString(directory.resolve("prompt.yaml"), "name: prompt\nsteps:\n" + steps);
        Interaction answering = new Interaction() {
            @Override
            public boolean confirm(String question) {
                return true;
            }

            @Override
            public String ask(String question, boolean secret, String defaultValue) {
                return answer;
            }
        };
        return engine.run(
                engine.compile(file, new VariableInputs(List.of(), List.of())),
                Options.in(directory.resolve(".nixboot")).interaction(answering).build(),
                listener);
    }

    private String state() throws Exception {
        try (Stream<Path> files = Files.list(directory.resolve(".nixboot"))) {
            return files.filter(file -> file.toString().endsWith(".json"))
                    .map(file -> {
                        try {
                            return Files.readString(file);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .collect(Collectors.joining("\n"));
        }
    }

    @Test
    void aPlainAnswerIsNotSecret() throws Exception {
        RecordingListener listener = new RecordingListener();

        RunSummary summary = run("""
                  - id: disk
                    type: prompt
                    with: {question: Disk to install on}
                  - id: show
                    type: exec
                    with: {argv: [echo, "installing on ${{ steps.disk.outputs.value }}"]}
                """, "/dev/vdb", listener);

        assertThat(summary.exitCode()).isZero();
        assertThat(listener.outputs("disk")).containsEntry("value", "/dev/vdb");
        assertThat(listener.text()).contains("installing on /dev/vdb");
        assertThat(state()).contains("/dev/vdb");
    }

    @Test
    void aSecretAnswerIsMaskedEverywhereAndRefusedInACommandLine() throws Exception {
        String passphrase = "correct-horse-battery-staple";
        RecordingListener listener = new RecordingListener();

        RunSummary summary = run("""
                  - id: passphrase
                    type: prompt
                    with: {question: Passphrase, secret: true}
                  - id: use
                    type: exec
                    with:
                      script: echo "got $PASS"
                      env: {PASS: "${{ steps.passphrase.outputs.value }}"}
                  - id: leak
                    type: exec
                    with: {argv: [echo, "${{ steps.passphrase.outputs.value }}"]}
                """, passphrase, listener);

        assertThat(summary.exitCode()).isEqualTo(1);
        assertThat(summary.steps().get(2).status()).isEqualTo(StepStatus.FAILED);
        assertThat(summary.steps().get(2).error()).contains("argv[1] contains a secret value");
        assertThat(listener.text()).contains("got ***").doesNotContain(passphrase);
        assertThat(state()).doesNotContain(passphrase);
    }
}
