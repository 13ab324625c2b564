package dev.nixboot.steps.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.ssh.client.ConnectionParameters;
import dev.nixboot.steps.ssh.testing.SshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Strict host key checking against a real sshd: unknown, changed, pinned, accepted-new and hashed keys. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostKeyPolicyTest {
    private final SshExecStep step = new SshExecStep();
    private SshServer server;
    private StepTestKit kit;

    @TempDir
    Path home;

    @BeforeEach
    void setUp() throws Exception {
        server = SshServer.start();
        kit = SshTestKits.isolated(home);
    }

    @AfterEach
    void tearDown() {
        kit.close();
        server.close();
    }

    private StepResult echo(Path knownHosts, String hostKey, boolean acceptNew) {
        return kit.execute(
                step,
                new SshExecParameters(
                        new ConnectionParameters(
                                server.host(),
                                server.port(),
                                server.user(),
                                server.clientIdentity().toString(),
                                knownHosts.toString(),
                                hostKey,
                                acceptNew,
                                null,
                                null),
                        false,
                        List.of("echo", "connected"),
                        null,
                        false,
                        null,
                        null,
                        false,
                        null,
                        List.of(0)));
    }

    @Test
    void unknownHostIsRefusedWithItsFingerprintAndTheWaysToAcceptIt() throws Exception {
        Path knownHosts = home.resolve(".ssh/known_hosts");

        StepResult result = echo(knownHosts, null, false);

        assertThat(result.failure()).isInstanceOf(StepFailure.class);
        assertThat(result.failure().getMessage())
                .contains("[127.0.0.1]:" + server.port() + " is not known")
                .contains(server.hostKeyFingerprint())
                .contains("ssh.known-hosts step (hosts: [127.0.0.1], port: " + server.port() + ", key: \""
                        + server.hostKey())
                .contains("accept_new: true")
                .contains("host_key: \"" + server.hostKey() + "\"");
        assertThat(knownHosts).doesNotExist();
    }

    @Test
    void changedHostKeyIsRefusedShowingBothFingerprints() throws Exception {
        Path knownHosts = server.writeKnownHosts();
        String oldFingerprint = server.hostKeyFingerprint();
        server.restartWithNewHostKey();

        StepResult result = echo(knownHosts, null, false);
        StepResult evenWithAcceptNew = echo(knownHosts, null, true);

        assertThat(result.failure().getMessage())
                .contains("has CHANGED")
                .contains("expects ssh-ed25519 " + oldFingerprint)
                .contains("presented ssh-ed25519 " + server.hostKeyFingerprint())
                .contains("action: replace");
        assertThat(evenWithAcceptNew.failure().getMessage()).contains("has CHANGED");
        assertThat(Files.readString(knownHosts)).doesNotContain(server.hostKey());
    }

    @Test
    void acceptNewRecordsTheKeySoLaterStrictConnectionsSucceed() throws Exception {
        Path knownHosts = home.resolve(".ssh/known_hosts");

        StepResult accepted = echo(knownHosts, null, true);
        kit.close();
        StepResult strict = echo(knownHosts, null, false);

        assertThat(accepted.failure()).isNull();
        assertThat(Files.readString(knownHosts)).isEqualTo(server.knownHostsLine() + "\n");
        assertThat(strict.failure()).isNull();
        assertThat(strict.outputs().get("stdout")).isEqualTo("connected\n");
    }

    @Test
    void pinnedHostKeyIsTheOnlyKeyAccepted() throws Exception {
        Path knownHosts = home.resolve(".ssh/known_hosts");
        String rightKey = server.hostKey();

        StepResult right = echo(knownHosts, rightKey, false);
        kit.close();
        server.restartWithNewHostKey();
        StepResult wrong = echo(knownHosts, rightKey, false);

        assertThat(right.failure()).isNull();
        assertThat(wrong.failure().getMessage())
                .contains("does not match host_key")
                .contains(HostKeyFingerprints.of(rightKey))
                .contains(server.hostKeyFingerprint());
        assertThat(knownHosts).doesNotExist();
    }

    @Test
    void aPinOnAnAlreadyOpenConnectionIsCheckedToo() {
        Path knownHosts = server.writeKnownHosts();
        String otherKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE6n0pUWt5WdWqk6X1p3j2qQ3f0H9bb1e8m3zJ2h0nGk";

        StepResult first = echo(knownHosts, null, false);
        StepResult pinnedWrong = echo(knownHosts, otherKey, false);

        assertThat(first.failure()).isNull();
        assertThat(pinnedWrong.failure().getMessage()).contains("does not match host_key");
    }

    @Test
    void hashedKnownHostsEntriesAreHonoured() throws Exception {
        Path knownHosts = server.writeKnownHosts();
        Process hash = new ProcessBuilder("ssh-keygen", "-H", "-f", knownHosts.toString())
                .redirectErrorStream(true)
                .start();
        hash.getInputStream().readAllBytes();
        assertThat(hash.waitFor()).isZero();
        assertThat(Files.readString(knownHosts)).startsWith("|1|");

        assertThat(echo(knownHosts, null, false).failure()).isNull();
    }

    @Test
    void aHostKnownOnlyByItsEcdsaKeyIsAskedForThatKey() throws Exception {
        Path knownHosts = home.resolve("known_hosts_ecdsa");
        Files.writeString(knownHosts, server.hostPattern() + " " + server.hostKey("ecdsa") + "\n");

        assertThat(echo(knownHosts, null, false).failure()).isNull();
    }

    @Test
    void devNullAsKnownHostsIsRefused() {
        StepResult result = echo(Path.of("/dev/null"), null, false);

        assertThat(result.failure()).hasMessageStartingWith("known_hosts /dev/null would trust any host key");
    }
}
