package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never reach live output, however a process prints them: each line of a secret of several lines (a private
 * key is the realistic case) on stdout and stderr, in the display and in the {@code output} events, and a secret that
 * a line too long to hold cuts in two.
 */
class SecretsInLiveOutputTest {
    @TempDir
    Path directory;

    @Test
    void aSecretOfSeveralLinesIsMaskedLineByLineOnEveryStream() throws Exception {
        Files.writeString(directory.resolve("p.yaml"), """
                vars:
                  key: {secret: true}
                steps:
                  - id: show
                    type: exec
                    with:
                      script: |
                        printf 'before\\n%s\\nafter\\n' "$KEY"
                        printf '%s\\n' "$KEY" | tail -n 1 >&2
                        printf '%s\\n' "$KEY" | head -n 1
                      env: {KEY: "${{ key }}"}
                """);
        Files.writeString(directory.resolve("vars.yaml"), "key: \"FirstLineSecret\\nSecondLineSecret\"\n");

        CommandResult result = nixboot(directory, "run", "p.yaml", "--vars-file", "vars.yaml", "--output", "json");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out() + result.err())
                .doesNotContain("LineSecret")
                .contains("before")
                .contains("after");
        assertThat(result.out()).contains("\"line\":\"***\"");
    }

    @Test
    void aSecretCutBetweenThePiecesOfALongLineIsMasked() throws Exception {
        // 65,530 x's, then the secret: the 64 KiB piece ends in the middle of it.
        Files.writeString(directory.resolve("p.yaml"), """
                vars:
                  pw: {secret: true}
                steps:
                  - id: long
                    type: exec
                    with:
                      script: head -c 65530 /dev/zero | tr '\\\\0' x; printf '%s tail\\n' "$PW"
                      env: {PW: "${{ pw }}"}
                """);

        CommandResult result = nixboot(directory, "run", "p.yaml", "--var", "pw=Zq9CutSecret", "--output", "json");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out() + result.err())
                .doesNotContain("Zq9")
                .doesNotContain("Secret")
                .contains("*** tail");
    }
}
