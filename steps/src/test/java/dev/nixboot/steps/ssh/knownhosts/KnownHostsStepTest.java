package dev.nixboot.steps.ssh.knownhosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.ssh.Commands;
import dev.nixboot.steps.ssh.knownhosts.KnownHostsParameters.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edits checked with OpenSSH's own lookup, {@code ssh-keygen -F}. */
class KnownHostsStepTest {
    private static final String KEY_A =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE6n0pUWt5WdWqk6X1p3j2qQ3f0H9bb1e8m3zJ2h0nGk";
    private static final String KEY_B =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHc4Xj7fVtZ8kq0N2mS1bq6b2y9dQx3cJ2lW0e8Lr5uA";
    private static final String OTHERS = """
            # my hosts
            github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl
            @cert-authority *.corp ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHc4Xj7fVtZ8kq0N2mS1bq6b2y9dQx3cJ2lW0e8Lr5uA
            gitlab.com,10.0.0.5 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE6n0pUWt5WdWqk6X1p3j2qQ3f0H9bb1e8m3zJ2h0nGk
            """;

    private final KnownHostsStep step = new KnownHostsStep();
    private StepTestKit kit;
    private Path file;

    @TempDir
    Path directory;

    @BeforeEach
    void setUp() {
        kit = ThisProcess.testKit().workingDirectory(directory);
        file = directory.resolve("known_hosts");
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private StepResult edit(String host, int port, Action action, String key, boolean hashed) {
        StepResult result = kit.execute(
                step, new KnownHostsParameters(List.of(host), port, action, key, null, file.toString(), hashed));
        return result;
    }

    private List<String> lookup(String name) {
        Commands.Result result = Commands.exec(List.of("ssh-keygen", "-F", name, "-f", file.toString()));
        return result.output().lines().filter(l -> !l.startsWith("#")).toList();
    }

    @Test
    void addsPlainNamesForPort22AndBracketedNamesForOtherPortsAsSshLooksThemUp() throws Exception {
        edit("10.0.0.7", 22, Action.ADD, KEY_A, false);
        edit("10.0.0.7", 2222, Action.ADD, KEY_B, false);

        assertThat(Files.readString(file)).isEqualTo("10.0.0.7 " + KEY_A + "\n[10.0.0.7]:2222 " + KEY_B + "\n");
        assertThat(lookup("10.0.0.7")).containsExactly("10.0.0.7 " + KEY_A);
        assertThat(lookup("[10.0.0.7]:2222")).containsExactly("[10.0.0.7]:2222 " + KEY_B);
        assertThat(Files.getPosixFilePermissions(file)).hasSize(2);
    }

    @Test
    void rerunningGivesAByteIdenticalFileForEveryAction() throws Exception {
        Files.writeString(file, OTHERS);
        for (boolean hashed : List.of(false, true)) {
            for (Action action : Action.values()) {
                StepResult first = edit("gusto", 22, action, KEY_A, hashed);
                byte[] after = Files.readAllBytes(file);
                StepResult second = edit("gusto", 22, action, KEY_A, hashed);

                assertThat(Files.readAllBytes(file))
                        .as(action + " hashed=" + hashed)
                        .isEqualTo(after);
                assertThat(second.outputs().get("changed"))
                        .as(action.toString())
                        .isEqualTo(false);
                assertThat(first.failure()).isNull();
            }
        }
    }

    @Test
    void replaceLeavesOnlyTheNewKeyForTheHostAndEveryOtherLineUntouched() throws Exception {
        Files.writeString(file, OTHERS + "gusto " + KEY_A + "\n|1|junk|notbase64 ssh-ed25519 AAAA\n");
        Commands.run("ssh-keygen", "-H", "-f", file.toString());
        Files.deleteIfExists(directory.resolve("known_hosts.old"));
        String hashedOthers = Files.readString(file);
        List<String> hashedGusto = lookup("gusto");
        assertThat(hashedGusto).hasSize(1);
        edit("gusto", 22, Action.ADD, KEY_B, false);

        StepResult result = edit("gusto", 22, Action.REPLACE, KEY_B, false);

        assertThat(result.outputs().get("changed")).isEqualTo(true);
        assertThat(lookup("gusto")).containsExactly("gusto " + KEY_B);
        List<String> others =
                hashedOthers.lines().filter(l -> !hashedGusto.contains(l)).toList();
        assertThat(Files.readString(file).lines().toList())
                .containsExactlyElementsOf(Stream.concat(others.stream(), Stream.of("gusto " + KEY_B))
                        .toList());
    }

    @Test
    void removesTheHostFromAListButKeepsTheOtherNamesOfTheLine() throws Exception {
        Files.writeString(file, OTHERS);

        edit("10.0.0.5", 22, Action.REMOVE, null, false);

        assertThat(Files.readString(file)).isEqualTo(OTHERS.replace("gitlab.com,10.0.0.5", "gitlab.com"));
        assertThat(lookup("gitlab.com")).hasSize(1);
        assertThat(lookup("10.0.0.5")).isEmpty();
    }

    @Test
    void writesHashedEntriesThatSshFinds() throws Exception {
        edit("fd00::5", 22, Action.ADD, KEY_A, true);
        edit("secret-host", 2200, Action.REPLACE, KEY_B, true);

        String text = Files.readString(file);
        assertThat(text).doesNotContain("secret-host").doesNotContain("fd00");
        assertThat(lookup("[secret-host]:2200")).hasSize(1);
        assertThat(lookup("fd00::5")).hasSize(1);
    }

    @Test
    void removesHashedEntriesWrittenBySshKeygen() throws Exception {
        Files.writeString(file, "gusto " + KEY_A + "\nother " + KEY_B + "\n");
        Commands.run("ssh-keygen", "-H", "-f", file.toString());

        edit("gusto", 22, Action.REMOVE, null, false);

        assertThat(lookup("gusto")).isEmpty();
        assertThat(lookup("other")).hasSize(1);
    }

    @Test
    void editsEveryNameOfTheHost() throws Exception {
        Files.writeString(file, OTHERS);

        StepResult result = kit.execute(
                step,
                new KnownHostsParameters(
                        List.of("gusto", "10.0.0.5"), 2222, Action.REPLACE, KEY_B, null, file.toString(), false));

        assertThat(result.outputs().get("changed")).isEqualTo(true);
        assertThat(lookup("[gusto]:2222")).containsExactly("[gusto]:2222 " + KEY_B);
        assertThat(lookup("[10.0.0.5]:2222")).containsExactly("[10.0.0.5]:2222 " + KEY_B);
        assertThat(lookup("10.0.0.5")).hasSize(1);
    }

    @Test
    void readsTheKeyFromAPubFile() throws Exception {
        Path pub = directory.resolve("host.pub");
        Files.writeString(pub, KEY_B + " root@gusto\n");

        StepResult result = kit.execute(
                step,
                new KnownHostsParameters(
                        List.of("gusto"), 22, Action.REPLACE, null, "host.pub", file.toString(), false));

        assertThat(result.failure()).isNull();
        assertThat(Files.readString(file)).isEqualTo("gusto " + KEY_B + " root@gusto\n");
        assertThat(lookup("gusto")).containsExactly("gusto " + KEY_B + " root@gusto");
    }

    @Test
    void replaceOfAMixedCaseNameAlsoRemovesTheHashedEntriesSshKeygenWroteForIt() throws Exception {
        // ssh-keygen -H hashes the lowercased name (ssh-keygen.c:1155); ssh looks the lowercased name up (ssh.c:1207).
        Files.writeString(file, "sisyphus.example.com " + KEY_A + "\nother.example.com " + KEY_A + "\n");
        Commands.run("ssh-keygen", "-H", "-f", file.toString());
        assertThat(lookup("sisyphus.example.com")).hasSize(1).allMatch(line -> line.startsWith("|1|"));

        StepResult result = edit("SISYPHUS.Example.COM", 22, Action.REPLACE, KEY_B + " root@sisyphus", false);

        assertThat(result.failure()).isNull();
        assertThat(lookup("sisyphus.example.com")).containsExactly("sisyphus.example.com " + KEY_B + " root@sisyphus");
        assertThat(lookup("other.example.com")).hasSize(1);
    }

    @Test
    void hashedAddOfAMixedCaseNameIsWhatSshKeygenFindsUnderTheLowercaseName() throws Exception {
        StepResult result = edit("NewHost.Example.com", 22, Action.ADD, KEY_A + " root@newhost", true);

        assertThat(result.failure()).isNull();
        assertThat(lookup("newhost.example.com"))
                .singleElement()
                .satisfies(line -> assertThat(line).startsWith("|1|").endsWith(" " + KEY_A + " root@newhost"));
        assertThat(Files.readString(file)).doesNotContainIgnoringCase("example.com");
    }

    @Test
    void plainNamesAreWrittenLowercaseAsSshWritesThem() throws Exception {
        edit("Gusto.LAN", 2222, Action.ADD, KEY_A, false);

        assertThat(Files.readString(file)).isEqualTo("[gusto.lan]:2222 " + KEY_A + "\n");
        assertThat(lookup("[gusto.lan]:2222")).hasSize(1);
    }

    @Test
    void reportsPatternLinesThatStillTrustTheOldKeyAndLeavesThemAlone() throws Exception {
        String patterns = "*.example.com,!bad.example.com " + KEY_A + " wildcard with a negation\n"
                + "[*.example.com]:2222 " + KEY_A + "\n"
                + "[sisyphus.example.com]:* " + KEY_A + "\n"
                + "@cert-authority *.example.com " + KEY_A + "\n";
        Files.writeString(file, patterns + "sisyphus.example.com " + KEY_A + "\n");

        StepResult replaced = edit("sisyphus.example.com", 22, Action.REPLACE, KEY_B, false);

        assertThat(Files.readString(file)).isEqualTo(patterns + "sisyphus.example.com " + KEY_B + "\n");
        assertThat(replaced.outputs().get("still_trusted")).isEqualTo(List.of(file + ":1"));
        assertThat(replaced.text(StepResult.Stream.INFO))
                .contains("notice: " + file + ":1: the pattern line"
                        + " '*.example.com,!bad.example.com' still trusts ssh-ed25519 SHA256:");
        assertThat(SshKeygenLookup.lookup(file, "sisyphus.example.com"))
                .filteredOn(SshKeygenLookup.Found::isKey)
                .extracting(SshKeygenLookup.Found::line)
                .containsExactly(1, 5);

        StepResult onPort = edit("sisyphus.example.com", 2222, Action.REMOVE, null, false);
        assertThat(onPort.outputs().get("changed")).isEqualTo(false);
        assertThat(onPort.outputs().get("still_trusted")).isEqualTo(List.of(file + ":2", file + ":3"));
        assertThat(SshKeygenLookup.lookup(file, "[sisyphus.example.com]:2222"))
                .filteredOn(SshKeygenLookup.Found::isKey)
                .extracting(SshKeygenLookup.Found::line)
                .containsExactly(2, 3);

        StepResult negated = edit("bad.example.com", 22, Action.REMOVE, null, false);
        assertThat(negated.outputs().get("still_trusted")).isEqualTo(List.of());
        assertThat(SshKeygenLookup.lookup(file, "bad.example.com"))
                .filteredOn(SshKeygenLookup.Found::isKey)
                .isEmpty();
    }

    @Test
    void refusesPatternsSeparatorsAndControlCharactersInHostNamesAtValidateTime() {
        for (String host : List.of(
                "'*'",
                "'*.example.com'",
                "'gus?o'",
                "'!gusto'",
                "'a,b'",
                "'gusto lan'",
                "\"gusto\\n* ssh-ed25519 AAAA\"",
                "\"gusto\\t\"",
                "'[gusto]:2222'",
                "'|1|abc'",
                "'@revoked'",
                "'#gusto'")) {
            String with = "hosts: [ok.example.com, " + host + "]\nkey: " + KEY_A + "\n";
            assertThatThrownBy(() -> kit.parameters(step, with))
                    .as(host)
                    .hasMessageContaining("with.hosts[1]: must name one host or address");
        }
        assertThat(kit.parameters(step, "hosts: [gusto.lan, 10.0.0.5, 'fd00::5', 'fe80::1%eth0']\nkey: " + KEY_A)
                        .hosts())
                .hasSize(4);
    }

    @Test
    void refusesANameWithANewlineAtRunTimeToo() throws Exception {
        Files.writeString(file, OTHERS);

        StepResult result = kit.execute(
                step,
                new KnownHostsParameters(
                        List.of("ok", "gusto\n* ssh-ed25519 AAAA"),
                        22,
                        Action.ADD,
                        KEY_A,
                        null,
                        file.toString(),
                        false));

        assertThat(result.failure())
                .hasMessage(
                        "host name 'gusto\\n* ssh-ed25519 AAAA' holds a blank, comma or"
                                + " control character, which would split the known_hosts line: name one host per entry of hosts");
        assertThat(Files.readString(file)).isEqualTo(OTHERS);
        assertThat(edit("*", 22, Action.ADD, KEY_A, false).failure()).hasMessageContaining("is a pattern");
    }

    @Test
    void refusesAKeyValueOfTwoLines() throws Exception {
        StepResult result = edit("gusto", 22, Action.ADD, KEY_A + " comment\n* " + KEY_B, false);

        assertThat(result.failure()).hasMessage("key: holds more than one line; give one public key line");
        assertThat(file).doesNotExist();
    }

    @Test
    void refusesAddWithoutAKeyAndABrokenKey() {
        assertThat(edit("gusto", 22, Action.ADD, null, false).failure())
                .hasMessage("add needs the key: give either key or key_file");
        assertThat(edit("gusto", 22, Action.ADD, "ssh-ed25519 not-base64!", false)
                        .failure())
                .hasMessageStartingWith("key: not a valid base64 key blob");
        assertThat(file).doesNotExist();
    }
}
