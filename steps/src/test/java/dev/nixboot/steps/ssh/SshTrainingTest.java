package dev.nixboot.steps.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nixboot.steps.ssh.client.SshConnections;
import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import org.junit.jupiter.api.Test;

/**
 * The start-up cache's training swallows failures (a cache is only less complete), so these keep it doing what it
 * is for: going through a connection's cryptography, and taking a real client through the key exchange.
 */
class SshTrainingTest {

    @Test
    void theCryptographyOfAConnectionRunsInMemory() throws Exception {
        SshTraining.exercise();
    }

    @Test
    void theListenerCompletesTheKeyExchangeWithAValidSignatureAndTheClientRefusesItsKey() throws IOException {
        List<PublicKey> asked = new ArrayList<>();
        try (SshTraining.Listener listener = SshTraining.listen();
                SSHClient client = new SSHClient(SshConnections.newConfig())) {
            client.setConnectTimeout(5_000);
            client.getTransport().setTimeoutMs(5_000);
            // SSHJ asks its verifiers only after the host's signature over the exchange hash has checked out.
            client.addHostKeyVerifier(new HostKeyVerifier() {
                @Override
                public boolean verify(String hostname, int port, PublicKey key) {
                    asked.add(key);
                    return false;
                }

                @Override
                public List<String> findExistingAlgorithms(String hostname, int port) {
                    return List.of();
                }
            });

            assertThatThrownBy(() -> client.connect("127.0.0.1", listener.port()))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("Could not verify `ssh-ed25519` host key");
        }
        assertThat(asked).hasSize(1);
        assertThat(KeyType.fromKey(asked.get(0))).isEqualTo(KeyType.ED25519);
    }
}
