package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.invocation.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CompletionCommandTest {
    @TempDir
    Path directory;

    private String script(String shell) {
        CommandResult result = nixboot(directory, "completion", shell);
        assertThat(result.code()).as(result.err()).isZero();
        return result.out();
    }

    /** What real bash offers after the words typed, with the script sourced. */
    private List<String> bashCompletes(String script, String... words) throws IOException, InterruptedException {
        Path file = directory.resolve("nixboot-completion.bash");
        Files.writeString(file, script);
        StringBuilder array = new StringBuilder();
        for (String word : words) {
            array.append("'").append(word).append("' ");
        }
        // compopt only works while bash itself runs a completion; here the function is called directly.
        String program = "source '" + file + "'\ncompopt() { :; }\n"
                + "COMP_WORDS=(" + array + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"\nCOMP_POINT=${#COMP_LINE}\n"
                + "_complete_nixboot\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process bash = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", program)
                .redirectErrorStream(true)
                .start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        return output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    @Test
    @Timeout(30)
    void bashCompletesSubcommandsOptionsAndTheirValues() throws Exception {
        String script = script("bash");
        assertThat(bashCompletes(script, "nixboot", "gr")).containsExactly("graph");
        assertThat(bashCompletes(script, "nixboot", "run", "--dry")).containsExactly("--dry-run");
        assertThat(bashCompletes(script, "nixboot", "graph", "--format", ""))
                .containsExactlyInAnyOrder("mermaid", "dot");
        assertThat(bashCompletes(script, "nixboot", "run", "--output", "")).containsExactlyInAnyOrder("human", "json");
        assertThat(bashCompletes(script, "nixboot", "completion", "z")).containsExactly("zsh");
    }

    @Test
    void zshGetsAScriptThatLoadsBashCompatibilityFirst() {
        assertThat(script("zsh")).contains("bashcompinit").contains("complete -F _complete_nixboot");
    }

    @Test
    void refusesAnUnknownShell() {
        CommandResult result = nixboot(directory, "completion", "fish");
        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).startsWith("nixboot completion: unknown shell 'fish'; use bash or zsh");
    }
}
