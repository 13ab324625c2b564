package dev.nixboot.steps.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.ssh.client.HostKeyType;
import dev.nixboot.steps.ssh.testing.SshServer;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SshKeyscanStepTest {
    private static SshServer server;
    private final SshKeyscanStep step = new SshKeyscanStep();

    @BeforeAll
    static void startServer() {
        server = SshServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void fetchesTheEd25519KeyWithTheFingerprintSshKeygenPrints() {
        try (StepTestKit kit = ThisProcess.testKit()) {
            StepResult result = kit.execute(
                    step,
                    new SshKeyscanParameters(
                            server.host(), server.port(), null, HostKeyType.ED25519, Duration.ofSeconds(10)));

            assertThat(result.failure()).isNull();
            assertThat(result.outputs().get("key")).isEqualTo(server.hostKey());
            assertThat(result.outputs().get("fingerprint")).isEqualTo(server.hostKeyFingerprint());
            assertThat(result.outputs().get("known_hosts_line")).isEqualTo(server.knownHostsLine());
        }
    }

    @Test
    void fetchesTheKeyTypeAskedFor() {
        try (StepTestKit kit = ThisProcess.testKit()) {
            StepResult result = kit.execute(
                    step,
                    new SshKeyscanParameters(
                            server.host(), server.port(), null, HostKeyType.ECDSA, Duration.ofSeconds(10)));

            assertThat(result.outputs().get("key")).isEqualTo(server.hostKey("ecdsa"));
            assertThat(result.outputs().get("fingerprint")).isEqualTo(HostKeyFingerprints.of(server.hostKey("ecdsa")));
        }
    }

    @Test
    void saysWhenTheHostHasNoKeyOfThatType() {
        try (StepTestKit kit = ThisProcess.testKit()) {
            StepResult result = kit.execute(
                    step,
                    new SshKeyscanParameters(
                            server.host(), server.port(), null, HostKeyType.RSA, Duration.ofSeconds(10)));

            assertThat(result.failure()).isInstanceOf(StepFailure.class);
            assertThat(result.failure().getMessage()).contains("127.0.0.1:" + server.port());
        }
    }

    @Test
    void reportsARefusedConnectionInOneLine() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (StepTestKit kit = ThisProcess.testKit()) {
            StepResult result = kit.execute(
                    step,
                    new SshKeyscanParameters(
                            "127.0.0.1", closedPort, null, HostKeyType.ED25519, Duration.ofSeconds(5)));

            assertThat(result.failure())
                    .hasMessage("cannot reach 127.0.0.1:" + closedPort
                            + ": connection refused (is sshd running and the port right?)");
        }
    }
}
