package dev.nixboot.steps.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nixboot.steps.ssh.client.SshConnections;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up cache's training swallows failures (a cache is only less complete), so these keep its listener doing
 * what it is for: taking nixboot's own SSH client configuration through a whole first command.
 */
class SshTrainingTest {
    @TempDir
    Path directory;

    @Test
    void aRealClientVerifiesTheFilesHostKeyAuthenticatesAndRunsCommandsOnOneConnection() throws Exception {
        OpenSshKeyPair pair = OpenSshKeyPair.generate();
        Path key = directory.resolve("key");
        Files.writeString(key, pair.privatePem("training"));
        List<PublicKey> asked = new ArrayList<>();
        try (SshTraining.Listener listener = SshTraining.listen(key);
                SSHClient client = new SSHClient(SshConnections.newConfig())) {
            client.setConnectTimeout(5_000);
            client.getTransport().setTimeoutMs(5_000);
            client.addHostKeyVerifier(verifier(asked, true));
            client.connect("127.0.0.1", listener.port());
            client.authPublickey("anyone", client.loadKeys(key.toString()));

            for (String command : List.of("true", "echo again")) {
                try (Session session = client.startSession()) {
                    Session.Command running = session.exec(command);
                    String output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    running.join(5, TimeUnit.SECONDS);
                    assertThat(output).isEqualTo("training\n");
                    assertThat(running.getExitStatus()).isZero();
                }
            }
            assertThat(client.isAuthenticated()).isTrue();
        }
        // SSHJ asks its verifiers only after the host's signature over the exchange hash has checked out.
        assertThat(asked).hasSize(1);
        assertThat(Base64.getEncoder().encodeToString(new Buffer.PlainBuffer().putPublicKey(asked.get(0))
                .getCompactData())).isEqualTo(pair.publicKey().base64());
    }

    @Test
    void aClientThatDoesNotTrustTheKeyIsRefusedDuringTheKeyExchange() throws Exception {
        Path key = directory.resolve("key");
        Files.writeString(key, OpenSshKeyPair.generate().privatePem("training"));
        try (SshTraining.Listener listener = SshTraining.listen(key);
                SSHClient client = new SSHClient(SshConnections.newConfig())) {
            client.setConnectTimeout(5_000);
            client.getTransport().setTimeoutMs(5_000);
            client.addHostKeyVerifier(verifier(new ArrayList<>(), false));

            assertThatThrownBy(() -> client.connect("127.0.0.1", listener.port()))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("Could not verify `ssh-ed25519` host key");
        }
    }

    private static HostKeyVerifier verifier(List<PublicKey> asked, boolean trust) {
        return new HostKeyVerifier() {
            @Override
            public boolean verify(String hostname, int port, PublicKey key) {
                asked.add(key);
                return trust;
            }

            @Override
            public List<String> findExistingAlgorithms(String hostname, int port) {
                return List.of();
            }
        };
    }
}
