package dev.nixboot.steps.ssh.knownhosts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.ssh.Commands;
import dev.nixboot.steps.ssh.knownhosts.KnownHostsParameters.Action;
import dev.nixboot.steps.ssh.testing.SshServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edited file as the real {@code ssh} client reads it, against a real sshd on loopback, with
 * {@code StrictHostKeyChecking=yes}. {@code HostKeyAlias} makes ssh look the server up under a name (ssh lowercases
 * the alias, ssh.c:1339), so names from the real-world corpus can be tested without resolving them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KnownHostsSshTest {
    private static final String OTHER_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHc4Xj7fVtZ8kq0N2mS1bq6b2y9dQx3cJ2lW0e8Lr5uA";
    private static SshServer server;

    private final KnownHostsStep step = new KnownHostsStep();
    private StepTestKit kit;
    private Path file;

    @TempDir
    Path directory;

    @BeforeAll
    static void startServer() {
        server = SshServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void setUp() {
        kit = ThisProcess.testKit().workingDirectory(directory);
        file = directory.resolve("known_hosts");
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    @Test
    void afterReplacingAMixedCaseNameSshNoLongerAcceptsTheKeyOfItsHashedEntry() throws Exception {
        // The real-world corpus, plus the server's key for sisyphus.example.com hashed by ssh-keygen -H.
        Path hashed = directory.resolve("hashed");
        Files.writeString(hashed, "sisyphus.example.com " + server.hostKey() + "\n");
        Commands.run("ssh-keygen", "-H", "-f", hashed.toString());
        Files.writeString(file, corpus("openssh-regress.known_hosts") + Files.readString(hashed));
        assertThat(ssh("SISYPHUS.Example.COM").exitCode())
                .as("the hashed entry trusts the server")
                .isZero();

        StepResult replaced = replace("SISYPHUS.Example.COM", OTHER_KEY);

        assertThat(replaced.failure()).isNull();
        Commands.Result refused = ssh("SISYPHUS.Example.COM");
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(255);
        assertThat(refused.output()).contains("Host key verification failed");

        replace("SISYPHUS.Example.COM", server.hostKey() + " root@sisyphus");

        assertThat(ssh("SISYPHUS.Example.COM").exitCode()).isZero();
        assertThat(SshKeygenLookup.keyLines(file, "sisyphus.example.com"))
                .contains("sisyphus.example.com " + server.hostKey() + " root@sisyphus");
    }

    @Test
    void aHashedEntryAddedUnderAMixedCaseNameIsOneSshAccepts() throws Exception {
        StepResult added = kit.execute(
                step,
                new KnownHostsParameters(
                        List.of("NewHost.Example.com"), 22, Action.ADD, server.hostKey(), null, file.toString(), true));

        assertThat(added.failure()).isNull();
        Commands.Result result = ssh("NewHost.Example.com");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void aPatternLineKeepsTheOldKeyTrustedAndTheStepSaysSo() throws Exception {
        Files.writeString(
                file, "*.example.com " + server.hostKey() + "\nsisyphus.example.com " + server.hostKey() + "\n");

        StepResult replaced = replace("sisyphus.example.com", OTHER_KEY);

        assertThat(replaced.outputs().get("still_trusted")).isEqualTo(List.of(file + ":1"));
        assertThat(replaced.text(StepResult.Stream.INFO))
                .contains("notice: " + file + ":1: the pattern line" + " '*.example.com' still trusts "
                        + HostKey.parse(server.hostKey()));
        // What the notice warns of: ssh still accepts the old key, through the pattern.
        assertThat(ssh("sisyphus.example.com").exitCode()).isZero();
        assertThat(Files.readString(file)).startsWith("*.example.com " + server.hostKey() + "\n");
    }

    private StepResult replace(String host, String key) {
        return kit.execute(
                step, new KnownHostsParameters(List.of(host), 22, Action.REPLACE, key, null, file.toString(), false));
    }

    /** {@code ssh -o HostKeyAlias=ALIAS ... true} against the server, checking its key strictly against the file. */
    private Commands.Result ssh(String alias) {
        List<String> command = new ArrayList<>(List.of(
                "ssh",
                "-o",
                "HostKeyAlias=" + alias,
                // one algorithm, so the check does not depend on which other key types the corpus knows
                "-o",
                "HostKeyAlgorithms=ssh-ed25519",
                "-o",
                "ConnectTimeout=10"));
        command.addAll(server.sshOptions(file));
        command.addAll(List.of(server.user() + "@" + server.host(), "true"));
        return Commands.exec(command);
    }

    private static String corpus(String name) throws IOException {
        try (InputStream in = KnownHostsSshTest.class.getResourceAsStream("/knownhosts/" + name)) {
            assertThat(in).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
