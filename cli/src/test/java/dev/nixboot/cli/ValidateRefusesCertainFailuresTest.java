package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.invocation.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What always fails at run time fails {@code validate}, at its line and column, before anything runs: an empty
 * program, a NUL in an argument or the environment, '=' in a variable's name, a template that gives a function, a
 * text output where a list is needed.
 */
class ValidateRefusesCertainFailuresTest {
    @TempDir
    Path directory;

    @Test
    void refusesEveryArgumentAProcessCannotHave() throws Exception {
        Files.writeString(directory.resolve("p.yaml"), """
                steps:
                  - id: empty
                    type: exec
                    with: {argv: [""]}
                  - id: nul
                    type: exec
                    with: {argv: [printf, "a\\0b"], env: {"A=B": y, C: "c\\0"}}
                  - id: script
                    type: exec
                    with: {script: "echo \\0", cwd: "/tmp\\0"}
                  - id: lambda
                    type: exec
                    with: {argv: [echo, "${{ x -> x }}"]}
                  - id: text_as_list
                    type: exec
                    needs: [lambda]
                    with: {argv: "${{ steps.lambda.outputs.stdout }}"}
                """);

        CommandResult result = nixboot(directory, "validate", "p.yaml");

        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        String nul = "must not contain a NUL character: the operating system ends an argument or an environment"
                + " value at the first one";
        assertThat(result.err().lines().filter(line -> line.startsWith("p.yaml:")))
                .containsExactly(
                        "p.yaml:4:11: steps[0].with: argv[0] is empty: it must name the program to run",
                        "p.yaml:7:27: steps[1].with.argv[1]: " + nul,
                        "p.yaml:7:49: steps[1].with.env[A=B]: a variable name cannot contain '=': it ends the name",
                        "p.yaml:7:55: steps[1].with.env[C]: " + nul,
                        "p.yaml:10:20: steps[2].with.script: " + nul,
                        "p.yaml:10:36: steps[2].with.cwd: " + nul,
                        "p.yaml:13:25: steps[3].with.argv[1]: ${{ x -> x }} gives a function, not a value: a template gives"
                                + " text, a number, true or false, a list or a mapping",
                        "p.yaml:17:18: steps[4].with.argv: must be a list such as [a, b], but"
                                + " <steps.lambda.outputs.stdout> will be a single value");
        assertThat(result.err()).endsWith("8 problems in p.yaml; nothing was run\n");
    }
}
