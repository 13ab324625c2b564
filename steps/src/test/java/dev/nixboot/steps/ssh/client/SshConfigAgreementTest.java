package dev.nixboot.steps.ssh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nixboot.engine.spi.StepFailure;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * nixboot's own ssh_config reader ({@link SshConfigFile}, used where no ssh is installed) against the installed
 * OpenSSH: for every fixture under {@code ssh-config/} and every query in it, both must fail, or both must give the
 * same values for every keyword nixboot uses. The expected values are {@code ssh -G}'s, computed now, never written
 * down.
 */
class SshConfigAgreementTest {
    private static final Path FIXTURES = fixtures();
    private static Path ssh;

    @TempDir
    Path work;

    @BeforeAll
    static void findSsh() {
        ssh = OpenSshConfig.find(System.getenv());
        assertThat(ssh)
                .as("an ssh binary on PATH (the CI image installs openssh-client)")
                .isNotNull();
    }

    static Stream<String> fixtureNames() throws IOException {
        try (Stream<Path> entries = Files.list(FIXTURES)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    /** One fixture, copied where ssh can read it, with its home directory. */
    private record Fixture(
            String name, Path config, Path home, Map<String, String> environment, List<HostQuery> queries) {}

    private Fixture load(String name) throws IOException {
        Path directory = work.resolve(name);
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve(".ssh"));
        try (Stream<Path> files = Files.walk(FIXTURES.resolve(name))) {
            for (Path source : files.toList()) {
                Path relative = FIXTURES.resolve(name).relativize(source);
                boolean inHome = relative.startsWith("home");
                Path target = !inHome
                        ? directory.resolve(relative.toString())
                        : relative.getNameCount() == 1
                                ? home
                                : home.resolve(relative.subpath(1, relative.getNameCount())
                                        .toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                String text = Files.readString(source, StandardCharsets.UTF_8)
                        .replace("@DIR@", directory.toString())
                        .replace("@LOCALUSER@", System.getProperty("user.name"));
                Files.writeString(target, text);
                // ssh refuses included files others can write.
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
            }
        }
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("HOME", home.toString());
        List<HostQuery> queries = new ArrayList<>();
        for (String line : Files.readAllLines(directory.resolve("queries"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                queries.add(query(line.strip()));
            }
        }
        return new Fixture(name, directory.resolve("config"), home, environment, queries);
    }

    private static HostQuery query(String line) {
        List<String> words = Arrays.asList(line.split("\\s+"));
        Integer port = null;
        String user = null;
        String jump = null;
        int i = 0;
        for (; i < words.size() - 1; i += 2) {
            switch (words.get(i)) {
                case "-p" -> port = Integer.valueOf(words.get(i + 1));
                case "-l" -> user = words.get(i + 1);
                case "-J" -> jump = words.get(i + 1);
                default -> throw new IllegalArgumentException("unknown option in a query: " + line);
            }
        }
        return new HostQuery(words.get(i), port, user, null, jump);
    }

    /** What a reader says for a query: its options, or its failure. */
    private record Outcome(ClientOptions options, StepFailure failure) {
        static Outcome of(ClientConfig config, HostQuery query) {
            try {
                return new Outcome(config.options(query), null);
            } catch (StepFailure e) {
                return new Outcome(null, e);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureNames")
    void nixbootsReaderAgreesWithSshG(String name) throws Exception {
        Fixture fixture = load(name);
        ClientConfig openssh = OpenSshConfig.forFile(ssh, fixture.config(), fixture.home(), fixture.environment());
        ClientConfig own = SshConfigFile.forFile(fixture.config(), fixture.home(), fixture.environment());
        SoftAssertions softly = new SoftAssertions();
        for (HostQuery query : fixture.queries()) {
            Outcome expected = Outcome.of(openssh, query);
            Outcome actual = Outcome.of(own, query);
            String what = name + ", ssh -G " + describe(query);
            if (expected.failure() != null) {
                softly.assertThat(actual.failure())
                        .as(what + ": ssh failed (" + expected.failure().getMessage() + "), so must nixboot")
                        .isNotNull();
                Matcher line = Pattern.compile("line (\\d+)")
                        .matcher(expected.failure().getMessage());
                if (actual.failure() != null && line.find()) {
                    softly.assertThat(actual.failure().getMessage())
                            .as(what + ": the line ssh names")
                            .containsPattern(Pattern.quote(":" + line.group(1)) + "\\b");
                }
                continue;
            }
            if (actual.failure() != null) {
                softly.fail(what + ": ssh answered, nixboot failed: "
                        + actual.failure().getMessage());
                continue;
            }
            for (String keyword : HostSettings.KEYWORDS) {
                softly.assertThat(actual.options().all(keyword))
                        .as(what + ": " + keyword)
                        .isEqualTo(expected.options().all(keyword));
            }
        }
        softly.assertAll();
    }

    private static String describe(HostQuery query) {
        return (query.port() == null ? "" : "-p " + query.port() + " ")
                + (query.user() == null ? "" : "-l " + query.user() + " ")
                + (query.jump() == null ? "" : "-J " + query.jump() + " ")
                + query.host();
    }

    @Test
    void theFixturesCoverEveryKeywordNixbootReads() throws Exception {
        // A keyword no fixture sets is compared only at its default: the comparison would prove little.
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(file).toLowerCase(java.util.Locale.ROOT))
                        .append('\n');
            }
        }
        for (String keyword : HostSettings.KEYWORDS) {
            assertThat(all.toString())
                    .as("a fixture setting " + keyword)
                    .containsPattern("(?m)^\\s*" + keyword + "[\\s=]");
        }
    }

    @Test
    void matchExecIsLeftToOpenSshAndNamedWhereItStands() throws Exception {
        Path config = work.resolve("config");
        Files.writeString(config, "Host *\n\tUser someone\nMatch exec \"test -e /\"\n\tPort 2400\n");

        ClientOptions options =
                OpenSshConfig.forFile(ssh, config, work, System.getenv()).options(justHost("x"));

        assertThat(options.get("port")).isEqualTo("2400");
        assertThatThrownBy(() ->
                        SshConfigFile.forFile(config, work, System.getenv()).options(justHost("x")))
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining(config + ":3: Match exec")
                .hasMessageContaining("install the OpenSSH client");
    }

    @Test
    void aPortOutOfRangeIsAnErrorNamingFileAndLineEitherWay() throws Exception {
        Path config = work.resolve("config");
        Files.writeString(config, "Host gusto\n\tHostName 192.0.2.5\n\tPort 70000\n");

        assertThatThrownBy(() -> OpenSshConfig.forFile(ssh, config, work, System.getenv())
                        .options(justHost("gusto")))
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining(config + " line 3: Bad port '70000'");
        assertThatThrownBy(() ->
                        SshConfigFile.forFile(config, work, System.getenv()).options(justHost("gusto")))
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining(config + ":3: Bad port '70000'");
    }

    @Test
    void settingsNixbootCannotHonourAreRefusedByNameNotIgnored() throws Exception {
        Path config = work.resolve("config");
        Files.writeString(
                config,
                "Host refused\n\tBindAddress 192.0.2.1\n\tCertificateFile ~/.ssh/cert.pub\n"
                        + "\tPubkeyAuthentication no\n");

        for (ClientConfig reader : List.of(
                OpenSshConfig.forFile(ssh, config, work, System.getenv()),
                SshConfigFile.forFile(config, work, System.getenv()))) {
            ClientOptions options = reader.options(justHost("refused"));
            assertThatThrownBy(() -> HostSettings.from(options))
                    .isInstanceOf(StepFailure.class)
                    .hasMessageContaining("bindaddress 192.0.2.1")
                    .hasMessageContaining("certificatefile ~/.ssh/cert.pub")
                    .hasMessageContaining("pubkeyauthentication false");
        }
        assertThatThrownBy(() -> HostSettings.from(
                        SshConfigFile.forFile(config, work, System.getenv()).options(justHost("refused"))))
                .hasMessageContaining(config + ":2");
    }

    @Test
    void trailingCommentsNeverReachTheValues() throws Exception {
        Path config = work.resolve("config");
        Files.writeString(config, "Host dd\n\tHostName dd.example # comment\n\tUser deploy # x\n\tPort 2222 # x\n");

        for (ClientConfig reader : List.of(
                OpenSshConfig.forFile(ssh, config, work, System.getenv()),
                SshConfigFile.forFile(config, work, System.getenv()))) {
            HostSettings settings = HostSettings.from(reader.options(justHost("dd")));
            assertThat(List.of(settings.hostName(), settings.user(), settings.port()))
                    .isEqualTo(List.of("dd.example", "deploy", 2222));
        }
    }

    private static Path fixtures() {
        try {
            return Path.of(Objects.requireNonNull(SshConfigAgreementTest.class.getResource("/ssh-config"))
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Just a host, everything else from the configuration. */
    private static HostQuery justHost(String host) {
        return new HostQuery(host, null, null, null, null);
    }
}
