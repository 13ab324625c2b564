package dev.nixboot.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nixboot.engine.api.Problem;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Problems;
import dev.nixboot.engine.load.Scalar;
import dev.nixboot.engine.load.Value;
import dev.nixboot.engine.load.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class VariablesTest {
    @TempDir
    Path directory;

    private final Problems problems = new Problems();

    /** A playbook's {@code vars:} alone. */
    record Vars(Map<String, PlaybookFormat.Variable> vars) {}

    private Map<String, Object> values(String vars, List<String> files, List<String> assignments) {
        Value declarations =
                new YamlLoader(problems).load(Path.of("playbook.yaml"), vars).orElseThrow();
        Mapping wrapped = new Mapping(
                List.of(new Mapping.Entry(Scalar.string("vars", declarations.location()), declarations)),
                declarations.location());
        Vars bound = ParameterBinder.forPlaybook(problems)
                .bind(Vars.class, wrapped, "")
                .orElseThrow();
        Variables variables = new Variables(problems);
        return variables.values(
                variables.declarations(Optional.of(declarations), bound.vars()),
                new VariableInputs(files.stream().map(Path::of).toList(), assignments),
                directory);
    }

    private static String describe(Problem p) {
        return (p.location() == null
                        ? ""
                        : p.location().file() + ":" + p.location().line() + ":"
                                + p.location().column() + ": ")
                + p.path() + ": " + p.message();
    }

    @Test
    void commandLineBeatsVarsFilesWhichBeatDefaults() throws Exception {
        Files.writeString(directory.resolve("a.yaml"), "host: from-a\nswapSize: 16\n");
        Files.writeString(directory.resolve("b.yaml"), "host: from-b\n");
        Map<String, Object> values =
                values("""
                host: {type: string, default: from-default}
                swapSize: {type: int, default: 8}
                wipe: {type: bool, default: false}
                disks: {type: list, default: [sda]}
                """, List.of("a.yaml", "b.yaml"), List.of("wipe=true", "disks=sda,nvme0n1", "host=from-cli"));
        assertThat(problems.list()).isEmpty();
        assertThat(values)
                .containsEntry("host", "from-cli")
                .containsEntry("swapSize", 16)
                .containsEntry("wipe", true)
                .containsEntry("disks", List.of("sda", "nvme0n1"));
        assertThat(values.get("swapSize")).isInstanceOf(Integer.class);
    }

    @Test
    void typesCommandLineValuesByTheirDeclaration() {
        Map<String, Object> values = values("""
                swapSize: {type: int, default: 1}
                name: {type: string}
                flake: {type: path}
                """, List.of(), List.of("swapSize=8", "name=0755", "flake=./flake#gusto"));
        assertThat(values)
                .containsEntry("swapSize", 8)
                .containsEntry("name", "0755")
                .containsEntry("flake", "./flake#gusto");
    }

    @Test
    void pointsAtTheLineOfAVarsFile() throws Exception {
        Files.writeString(directory.resolve("site.yaml"), "host: gusto\nswapsize: 8\nwipe: yes\n");
        values("""
                host: {type: string}
                swapSize: {type: int, default: 1}
                wipe: {type: bool, default: false}
                """, List.of("site.yaml"), List.of());
        assertThat(problems.list())
                .extracting(VariablesTest::describe)
                .containsExactly(
                        "site.yaml:2:1: swapsize: undeclared variable 'swapsize' (did you mean 'swapSize'?)",
                        "site.yaml:3:7: wipe: 'yes' is ambiguous in YAML: write true or false");
    }

    @Test
    void reportsAMissingVarsFileWithoutALocation() {
        values("host: gusto\n", List.of("missing.yaml"), List.of());
        assertThat(problems.list())
                .extracting(VariablesTest::describe)
                .containsExactly("--vars-file: 'missing.yaml' does not exist");
    }

    @Test
    void shortDeclarationsTakeTheirTypeFromTheDefault() {
        Map<String, Object> values = values("size: 8\nverbose: true\nlabel: no\n", List.of(), List.of("size=9"));
        assertThat(values)
                .containsEntry("size", 9)
                .containsEntry("verbose", true)
                .containsEntry("label", "no");
    }

    @Test
    void readsAVarsFileWithACharacterOutsideTheBasicPlaneAtTheEndOfSnakeYamlsWindow() throws Exception {
        // SnakeYAML 2.3 threw IndexOutOfBoundsException when such a character began at char 1023 + k * 1024.
        String prefix = "host: \"";
        String value = "x".repeat(1023 - prefix.length()) + "\uD83D\uDE00";
        Files.writeString(directory.resolve("site.yaml"), prefix + value + "\"\n");

        Map<String, Object> values = values("host: {type: string}\n", List.of("site.yaml"), List.of());

        assertThat(problems.list()).isEmpty();
        assertThat(values).containsEntry("host", value);
    }

    @Test
    @Timeout(10)
    void refusesAVarsFileWithAMegabyteLineAtOnce() throws Exception {
        // SnakeYAML's reader is quadratic in a line's length: a 4 MB line took 5 s, a 50 MB one minutes.
        Files.writeString(directory.resolve("site.yaml"), "host: " + "x".repeat(4_000_000) + "\n");

        values("host: {type: string}\n", List.of("site.yaml"), List.of());

        assertThat(problems.list())
                .extracting(VariablesTest::describe)
                .singleElement()
                .asString()
                .startsWith("site.yaml:1:1: : line 1 is 4000006 characters long, more than the 65536 a line may have");
    }

    @Test
    void refusesAVarsFileLargerThanFourMebibytes() throws Exception {
        Files.writeString(directory.resolve("site.yaml"), ("host: x\n" + "#".repeat(1000) + "\n").repeat(5000));

        values("host: {type: string}\n", List.of("site.yaml"), List.of());

        assertThat(problems.list())
                .extracting(VariablesTest::describe)
                .containsExactly(
                        "--vars-file: 'site.yaml' is larger than 4 MiB, the most a playbook or vars file may be");
    }

    @Test
    void aSecretValueIsMaskedInEveryCheckOfACommandLineValue() {
        values("""
                pw: {secret: true, pattern: '[a-z]+'}
                pick: {secret: true, choices: [alpha, beta]}
                pin: {secret: true, type: int, min: 1, max: 5}
                """, List.of(), List.of("pw=Bad-Zq9SecretVal!", "pick=alphx", "pin=Zq9Pin", "pin=77"));

        assertThat(problems.list())
                .extracting(VariablesTest::describe)
                .containsExactly(
                        "--var pin: must be a whole number, not '***'",
                        "--var pw: '***' does not match the pattern [a-z]+",
                        "--var pick: '***' is not one of: alpha, beta",
                        "--var pin: must be at most 5, not ***");
    }

    @Test
    void aVarsFileShowsNoLineOfASecretButStillShowsTheOthers() throws Exception {
        Files.writeString(directory.resolve("site.yaml"), "pin: Zq9First\nswapSize: yes\n");

        values("pin: {secret: true, type: int}\nswapSize: {type: int, default: 1}\n", List.of("site.yaml"), List.of());

        assertThat(problems.list())
                .extracting(VariablesTest::describe, Problem::sourceLine)
                .containsExactly(
                        tuple("site.yaml:1:6: pin: must be a whole number, not '***'", null),
                        tuple("site.yaml:2:11: swapSize: must be a whole number, not 'yes'", "swapSize: yes"));
    }

    @Test
    void aDuplicateSecretKeyInAVarsFileShowsNeitherValue() throws Exception {
        Files.writeString(directory.resolve("site.yaml"), "pw: Zq9First\nhost: a\npw: Zq9Second\n");

        values("pw: {secret: true}\nhost: {type: string}\n", List.of("site.yaml"), List.of());

        assertThat(problems.list())
                .extracting(VariablesTest::describe, Problem::sourceLine)
                .containsExactly(
                        tuple("site.yaml:3:1: : duplicate key 'pw' (first at line 1); remove one of them", null));
    }

    @Test
    void aVarsFileThatIsNotYamlShowsNoLineWhenThePlaybookHasSecrets() throws Exception {
        Files.writeString(directory.resolve("site.yaml"), "host: a\npw: \"Zq9Secret\n");

        values("pw: {secret: true}\nhost: {type: string}\n", List.of("site.yaml"), List.of());

        assertThat(problems.list()).singleElement().satisfies(problem -> {
            assertThat(problem.location().line()).isEqualTo(3);
            assertThat(problem.sourceLine()).isNull();
            assertThat(problem.message()).doesNotContain("Zq9Secret");
        });
    }

    @Test
    void aMisspeltSecretKeyInAVarsFileShowsNoLine() throws Exception {
        Files.writeString(directory.resolve("site.yaml"), "luks_pasphrase: Zq9Secret\n");

        values("luks_passphrase: {secret: true}\n", List.of("site.yaml"), List.of());

        assertThat(problems.list())
                .extracting(VariablesTest::describe, Problem::sourceLine)
                .containsExactly(tuple(
                        "site.yaml:1:1: luks_pasphrase: undeclared variable 'luks_pasphrase' (did you mean 'luks_passphrase'?)",
                        null));
    }

    @Test
    void anArgumentWithoutANameIsNotEchoed() {
        values("pw: {secret: true}\n", List.of(), List.of("=Zq9Secret", "Zq9Secret", "pw"));

        assertThat(problems.list())
                .extracting(VariablesTest::describe)
                .containsExactly(
                        "--var: write --var name=value (the argument is not shown: it may be a secret)",
                        "--var: write --var name=value (the argument is not shown: it may be a secret)",
                        "--var pw: write --var pw=value");
    }
}
