package dev.nixboot.steps.ssh.knownhosts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.ssh.Commands;
import dev.nixboot.steps.ssh.knownhosts.KnownHostsParameters.Action;
import dev.nixboot.steps.ssh.knownhosts.SshKeygenLookup.Found;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every host named in real known_hosts files (src/test/resources/knownhosts, each with its source in a header) is
 * replaced, removed and added hashed, written in mixed case, and each result is judged by OpenSSH itself: what
 * {@code ssh-keygen -F} finds for the host afterwards must be the new key plus exactly the pattern lines the step
 * reported, marker lines stay, lines that do not concern the host stay byte for byte, the other names of an edited
 * line keep their keys, and a file {@code ssh-keygen -H} accepted before is one it still accepts.
 */
class KnownHostsCorpusTest {
    private static final String NEW_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHc4Xj7fVtZ8kq0N2mS1bq6b2y9dQx3cJ2lW0e8Lr5uA nixboot-test@new";
    private static final Pattern BRACKETED = Pattern.compile("\\[(.+)]:(\\d+)");

    private final KnownHostsStep step = new KnownHostsStep();
    private StepTestKit kit;

    @TempDir
    Path directory;

    @BeforeEach
    void setUp() {
        kit = ThisProcess.testKit().workingDirectory(directory);
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    /** A host as the corpus names it literally. */
    private record Host(String name, int port) {
        String lookup() {
            return KnownHosts.name(name.toLowerCase(Locale.ROOT), port);
        }

        /** The name as a user might type it: every other letter in capitals. */
        String mixedCase() {
            StringBuilder mixed = new StringBuilder();
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                mixed.append(i % 2 == 0 ? Character.toUpperCase(c) : c);
            }
            return mixed.toString();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"openssh-regress.known_hosts", "aosc-buildbots.known_hosts", "mathie-dot-files.ssh_known_hosts"})
    void replaceAgreesWithSshKeygenForEveryHostOfTheFile(String corpus) throws IOException {
        String original = corpus(corpus);
        SoftAssertions softly = new SoftAssertions();
        for (Host host : hosts(original)) {
            Path file = copy(original, "replace");
            List<Found> before = SshKeygenLookup.lookup(file, host.lookup());

            StepResult result = edit(file, host, Action.REPLACE, false);

            softly.assertThat(result.failure()).as(host + " failed").isNull();
            List<Found> after = SshKeygenLookup.lookup(file, host.lookup());
            List<String> fileLines = Files.readAllLines(file);
            String written = host.lookup() + " " + NEW_KEY;
            softly.assertThat(fileLines.get(fileLines.size() - 1))
                    .as(host + ": the new line")
                    .isEqualTo(written);
            List<Found> keyLines = after.stream().filter(Found::isKey).toList();
            softly.assertThat(keyLines.stream()
                            .filter(f -> f.text().equals(written))
                            .count())
                    .as(host.toString())
                    .isEqualTo(1);
            assertReportedExactlyWhatSshStillFinds(
                    softly,
                    host,
                    result,
                    file,
                    keyLines.stream().filter(f -> !f.text().equals(written)).toList());
            assertMarkersAndUnrelatedLinesKept(softly, host, original, file, before, after, fileLines);
            assertOtherNamesOfEditedLinesKeepTheirKeys(softly, host, original, file, before);
            if (acceptedByHashing(original)) {
                Commands.run("ssh-keygen", "-H", "-f", file.toString());
                softly.assertThat(SshKeygenLookup.keyLines(file, host.lookup()))
                        .as(host + " after ssh-keygen -H")
                        .anyMatch(line -> line.startsWith("|1|") && line.endsWith(" " + NEW_KEY));
            }
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"openssh-regress.known_hosts", "aosc-buildbots.known_hosts", "mathie-dot-files.ssh_known_hosts"})
    void removeLeavesOnlyWhatTheStepReportedForEveryHostOfTheFile(String corpus) throws IOException {
        String original = corpus(corpus);
        SoftAssertions softly = new SoftAssertions();
        for (Host host : hosts(original)) {
            Path file = copy(original, "remove");
            List<Found> before = SshKeygenLookup.lookup(file, host.lookup());

            StepResult result = edit(file, host, Action.REMOVE, false);

            softly.assertThat(result.failure()).as(host + " failed").isNull();
            List<Found> after = SshKeygenLookup.lookup(file, host.lookup());
            assertReportedExactlyWhatSshStillFinds(
                    softly,
                    host,
                    result,
                    file,
                    after.stream().filter(Found::isKey).toList());
            assertMarkersAndUnrelatedLinesKept(softly, host, original, file, before, after, Files.readAllLines(file));
            assertOtherNamesOfEditedLinesKeepTheirKeys(softly, host, original, file, before);
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"openssh-regress.known_hosts", "aosc-buildbots.known_hosts", "mathie-dot-files.ssh_known_hosts"})
    void hashedAddOfAMixedCaseNameIsFoundBySshKeygenUnderTheLowercaseName(String corpus) throws IOException {
        String original = corpus(corpus);
        SoftAssertions softly = new SoftAssertions();
        for (Host host : hosts(original)) {
            Path file = copy(original, "add");

            StepResult result = edit(file, host, Action.ADD, true);

            softly.assertThat(result.failure()).as(host + " failed").isNull();
            softly.assertThat(SshKeygenLookup.keyLines(file, host.lookup()))
                    .as(host.toString())
                    .filteredOn(line -> line.startsWith("|1|") && line.endsWith(" " + NEW_KEY))
                    .hasSize(1);
        }
        softly.assertAll();
    }

    private StepResult edit(Path file, Host host, Action action, boolean hashed) {
        return kit.execute(
                step,
                new KnownHostsParameters(
                        List.of(host.mixedCase()),
                        host.port(),
                        action,
                        Action.REMOVE.equals(action) ? null : NEW_KEY,
                        null,
                        file.toString(),
                        hashed));
    }

    /** The step's still_trusted output names the very lines ssh-keygen still finds, and no other. */
    private static void assertReportedExactlyWhatSshStillFinds(
            SoftAssertions softly, Host host, StepResult result, Path file, List<Found> stillFound) {
        List<String> expected =
                stillFound.stream().map(f -> file + ":" + f.line()).toList();
        softly.assertThat(result.outputs().get("still_trusted"))
                .as(host + ": still_trusted")
                .isEqualTo(expected);
    }

    private static void assertMarkersAndUnrelatedLinesKept(
            SoftAssertions softly,
            Host host,
            String original,
            Path file,
            List<Found> before,
            List<Found> after,
            List<String> fileLines) {
        softly.assertThat(
                        after.stream().filter(f -> !f.isKey()).map(Found::text).toList())
                .as(host + ": @revoked and @cert-authority lines")
                .isEqualTo(
                        before.stream().filter(f -> !f.isKey()).map(Found::text).toList());
        // Concerned: what ssh-keygen finds for the host, and lines naming it that ssh cannot read (an unknown key
        // type such as the corpus's ssh-XXX): they trust nothing, and they go with the host's other entries.
        Set<Integer> concerned = new LinkedHashSet<>();
        before.forEach(f -> concerned.add(f.line()));
        List<String> unrelated = new ArrayList<>();
        List<String> originalLines = original.lines().toList();
        for (int i = 0; i < originalLines.size(); i++) {
            boolean namesHost = literalHosts(originalLines.get(i)).stream()
                    .anyMatch(named -> named.lookup().equals(host.lookup()));
            if (!concerned.contains(i + 1) && !namesHost) {
                unrelated.add(originalLines.get(i));
            }
        }
        softly.assertThat(isSubsequence(unrelated, fileLines))
                .as(host + ": every unrelated line kept, in order")
                .isTrue();
    }

    /** A line listing several names loses only the host's: every other name there still finds what it found. */
    private static void assertOtherNamesOfEditedLinesKeepTheirKeys(
            SoftAssertions softly, Host host, String original, Path file, List<Found> before) throws IOException {
        Path untouched = file.resolveSibling(file.getFileName() + ".original");
        Files.writeString(untouched, original);
        Set<Host> neighbours = new LinkedHashSet<>();
        for (Found found : before) {
            neighbours.addAll(literalHosts(found.text()));
        }
        neighbours.removeIf(other -> other.lookup().equals(host.lookup()));
        for (Host other : neighbours) {
            softly.assertThat(keys(SshKeygenLookup.keyLines(file, other.lookup())))
                    .as(host + " edited; " + other + " still finds")
                    .containsAll(keys(SshKeygenLookup.keyLines(untouched, other.lookup())));
        }
    }

    private static List<String> keys(List<String> lines) {
        return lines.stream()
                .map(line -> {
                    String[] fields = line.split("\\s+");
                    return fields.length >= 3 ? fields[1] + " " + fields[2] : line;
                })
                .toList();
    }

    private static boolean isSubsequence(List<String> wanted, List<String> in) {
        int at = 0;
        for (String line : in) {
            if (at < wanted.size() && wanted.get(at).equals(line)) {
                at++;
            }
        }
        return at == wanted.size();
    }

    private static boolean acceptedByHashing(String original) throws IOException {
        Path probe = Files.createTempFile("known_hosts-probe", "");
        try {
            Files.writeString(probe, original);
            return Commands.exec(List.of("ssh-keygen", "-H", "-f", probe.toString()))
                            .exitCode()
                    == 0;
        } finally {
            Files.deleteIfExists(probe);
            Files.deleteIfExists(Path.of(probe + ".old"));
        }
    }

    /** Every host a key line of the file names literally: no patterns, hashes, markers or comments. */
    private static List<Host> hosts(String text) {
        Set<Host> hosts = new LinkedHashSet<>();
        text.lines().forEach(line -> hosts.addAll(literalHosts(line)));
        assertThat(hosts).isNotEmpty();
        return List.copyOf(hosts);
    }

    private static List<Host> literalHosts(String line) {
        String trimmed = line.strip();
        String[] fields = trimmed.split("\\s+");
        if (trimmed.isEmpty() || "#@|".indexOf(trimmed.charAt(0)) >= 0 || fields.length < 3) {
            return List.of();
        }
        List<Host> hosts = new ArrayList<>();
        for (String name : fields[0].split(",")) {
            if (name.matches(".*[*?!].*")) {
                continue;
            }
            Matcher bracketed = BRACKETED.matcher(name);
            hosts.add(
                    bracketed.matches()
                            ? new Host(bracketed.group(1), Integer.parseInt(bracketed.group(2)))
                            : new Host(name, 22));
        }
        return hosts;
    }

    private final Map<String, Integer> copies = new LinkedHashMap<>();

    private Path copy(String text, String action) throws IOException {
        int n = copies.merge(action, 1, Integer::sum);
        Path file = directory.resolve(action + "-" + n + "-known_hosts");
        Files.writeString(file, text);
        return file;
    }

    private static String corpus(String name) throws IOException {
        try (InputStream in = KnownHostsCorpusTest.class.getResourceAsStream("/knownhosts/" + name)) {
            assertThat(in).as("test resource knownhosts/" + name).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
