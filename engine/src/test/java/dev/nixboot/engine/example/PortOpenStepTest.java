package dev.nixboot.engine.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** src/docs/writing-steps.md's test kit example: one step, parameters as in a playbook, against a real socket. */
@Timeout(30)
class PortOpenStepTest {
    private final StepTestKit kit = ThisProcess.testKit();

    @Test
    void reportsTheAddressThatAnswered() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StepResult result =
                    kit.execute(new PortOpenStep(), "{host: 127.0.0.1, port: " + server.getLocalPort() + "}");

            assertThat(result.succeeded()).isTrue();
            assertThat(result.outputs().get("address")).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void failsWithAMessageWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        StepResult result = kit.execute(new PortOpenStep(), "{host: 127.0.0.1, port: " + port + "}");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failure()).hasMessageStartingWith("127.0.0.1:" + port + " does not accept connections");
    }

    @Test
    void refusesAPortOutOfRangeBeforeRunning() {
        StepResult result = kit.execute(new PortOpenStep(), "{host: example.org, port: 70000}");

        assertThat(result.failure()).hasMessage("with.port: must be at most 65535");
    }
}
