package dev.nixboot.steps.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.ssh.client.ConnectionParameters;
import dev.nixboot.steps.ssh.testing.SshServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Identity files, passphrases, the SSH agent, agent forwarding and ~/.ssh/config, against a real sshd. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthenticationTest {
    private static SshServer server;
    private final SshExecStep step = new SshExecStep();
    private StepTestKit kit;
    private Process agent;

    @TempDir
    Path home;

    @BeforeAll
    static void startServer() {
        server = SshServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (kit != null) {
            kit.close();
        }
        if (agent != null) {
            agent.destroy();
            agent.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private SshExecParameters whoami(
            String host, Integer port, String user, String identityFile, boolean forwardAgent, String script) {
        return new SshExecParameters(
                new ConnectionParameters(
                        host, port, user, identityFile, server.writeKnownHosts().toString(), null, false, null, null),
                forwardAgent,
                null,
                script,
                false,
                null,
                Map.of(),
                false,
                null,
                List.of(0));
    }

    private SshExecParameters whoami(String identityFile) {
        return whoami(server.host(), server.port(), server.user(), identityFile, false, "id -un");
    }

    @Test
    void asksForAPassphraseOnceARunMaskedAndRemembersIt() throws Exception {
        Path key = newKey("correct horse battery");
        kit = SshTestKits.isolated(home).answers("correct horse battery");

        StepResult first = kit.execute(step, whoami(key.toString()));
        server.dropConnections();
        StepResult afterReconnect = kit.execute(step, whoami(key.toString()));

        assertThat(first.failure()).isNull();
        assertThat(first.outputs().get("stdout")).isEqualTo(server.user() + "\n");
        assertThat(afterReconnect.failure())
                .as("second prompt would find no answer queued")
                .isNull();
    }

    @Test
    void aWrongPassphraseIsAskedAgain() throws Exception {
        Path key = newKey("right one");
        kit = SshTestKits.isolated(home).answers("wrong one", "right one");

        assertThat(kit.execute(step, whoami(key.toString())).failure()).isNull();
    }

    @Test
    void withoutATerminalAnEncryptedKeyFailsWithAMessageNotAHang() throws Exception {
        Path key = newKey("never typed");
        kit = SshTestKits.isolated(home);

        StepResult result = kit.execute(step, whoami(key.toString()));

        assertThat(result.failure()).isInstanceOf(StepFailure.class).hasMessageContaining("Passphrase for " + key);
    }

    @Test
    void anUnauthorizedKeyFailsNamingWhatWasOffered() throws Exception {
        Path stranger = home.resolve("stranger");
        keygen("-q", "-t", "ed25519", "-N", "", "-f", stranger.toString());
        kit = SshTestKits.isolated(home);

        StepResult result = kit.execute(step, whoami(stranger.toString()));

        assertThat(result.failure())
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining("authentication as " + server.user() + " on 127.0.0.1:" + server.port()
                        + " failed; offered: " + stranger);
    }

    @Test
    void usesTheDefaultIdentityInTheHomeDirectory() throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        Files.copy(server.clientIdentity(), home.resolve(".ssh/id_ed25519"));
        kit = SshTestKits.isolated(home);

        assertThat(kit.execute(step, whoami(null)).failure()).isNull();
    }

    @Test
    void followsHostEntriesOfTheUsersSshConfig() throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(
                home.resolve(".ssh/config"),
                String.join(
                        "\n",
                        "Host other",
                        "  Port 1",
                        "Host target-alias",
                        "  HostName " + server.host(),
                        "  Port " + server.port(),
                        "  User " + server.user(),
                        "  IdentityFile " + server.clientIdentity(),
                        "Host *",
                        "  User nobody-else",
                        ""));
        kit = SshTestKits.isolated(home);

        StepResult result = kit.execute(step, whoami("target-alias", null, null, null, false, "id -un"));

        assertThat(result.failure()).isNull();
        assertThat(result.outputs().get("stdout")).isEqualTo(server.user() + "\n");
    }

    @Test
    void followsHostEntriesInFilesTheSshConfigIncludes() throws Exception {
        Files.createDirectories(home.resolve(".ssh/config.d"));
        Files.writeString(
                home.resolve(".ssh/config"),
                String.join("\n", "Include config.d/*.conf", "Host *", "  User nobody-else", ""));
        Files.writeString(
                home.resolve(".ssh/config.d/target.conf"),
                String.join(
                        "\n",
                        "Host target-alias",
                        "  HostName " + server.host(),
                        "  Port " + server.port(),
                        "  User " + server.user(),
                        "  IdentityFile " + server.clientIdentity(),
                        ""));
        kit = SshTestKits.isolated(home);

        StepResult result = kit.execute(step, whoami("target-alias", null, null, null, false, "id -un"));

        assertThat(result.failure()).isNull();
        assertThat(result.outputs().get("stdout")).isEqualTo(server.user() + "\n");
    }

    @Test
    void authenticatesWithAKeyHeldOnlyByTheAgent() throws Exception {
        Path socket = startAgentWith(server.clientIdentity());
        kit = SshTestKits.isolated(home).environment("SSH_AUTH_SOCK", socket.toString());

        StepResult result = kit.execute(step, whoami(null));

        assertThat(result.failure()).isNull();
        assertThat(result.outputs().get("stdout")).isEqualTo(server.user() + "\n");
    }

    @Test
    void forwardsTheAgentToCommandsThatAskForIt() throws Exception {
        Path socket = startAgentWith(server.clientIdentity());
        kit = SshTestKits.isolated(home).environment("SSH_AUTH_SOCK", socket.toString());

        StepResult forwarded = kit.execute(
                step,
                whoami(
                        server.host(),
                        server.port(),
                        server.user(),
                        server.clientIdentity().toString(),
                        true,
                        "ssh-add -l"));
        StepResult notForwarded = kit.execute(
                step,
                whoami(
                        server.host(),
                        server.port(),
                        server.user(),
                        server.clientIdentity().toString(),
                        false,
                        "echo ${SSH_AUTH_SOCK:-none}"));

        assertThat(forwarded.failure()).isNull();
        assertThat((String) forwarded.outputs().get("stdout")).contains(fingerprint(server.clientIdentity()));
        assertThat(notForwarded.outputs().get("stdout")).isEqualTo("none\n");
    }

    private Path newKey(String passphrase) throws Exception {
        Path key = home.resolve("encrypted_" + System.nanoTime());
        keygen("-q", "-t", "ed25519", "-N", passphrase, "-C", "encrypted", "-f", key.toString());
        server.authorize(Files.readString(Path.of(key + ".pub")));
        return key;
    }

    private Path startAgentWith(Path key) throws Exception {
        Path socket = home.resolve("agent.sock");
        agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        for (int i = 0; i < 100 && !Files.exists(socket); i++) {
            Thread.sleep(20);
        }
        ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        add.environment().put("SSH_AUTH_SOCK", socket.toString());
        Process adding = add.start();
        String output = new String(adding.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(adding.waitFor()).as(output).isZero();
        return socket;
    }

    private static String fingerprint(Path key) throws IOException {
        return HostKeyFingerprints.of(Files.readString(Path.of(key + ".pub")).strip());
    }

    private static void keygen(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("ssh-keygen"));
        command.addAll(List.of(arguments));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
    }
}
