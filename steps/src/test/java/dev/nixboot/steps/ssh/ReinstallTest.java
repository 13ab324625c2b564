package dev.nixboot.steps.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.ssh.client.HostKeyType;
import dev.nixboot.steps.ssh.knownhosts.KnownHostsParameters;
import dev.nixboot.steps.ssh.knownhosts.KnownHostsParameters.Action;
import dev.nixboot.steps.ssh.knownhosts.KnownHostsStep;
import dev.nixboot.steps.ssh.testing.SshServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an install does to a target mid-run: sshd goes away and comes back with a new host key. ssh.wait sees it
 * back, the old key is refused until an ssh.known-hosts step trusts the new one, then the run's connection recovers.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReinstallTest {
    private SshServer server;
    private StepTestKit kit;
    private Path knownHosts;

    @TempDir
    Path home;

    @BeforeEach
    void setUp() throws Exception {
        server = SshServer.start();
        kit = SshTestKits.isolated(home);
        knownHosts = server.writeKnownHosts();
    }

    @AfterEach
    void tearDown() {
        kit.close();
        server.close();
    }

    private StepResult exec(String script) {
        return kit.execute(
                new SshExecStep(),
                new SshExecParameters(
                        server.connection(knownHosts),
                        false,
                        null,
                        script,
                        false,
                        null,
                        Map.of(),
                        false,
                        null,
                        List.of(0)));
    }

    @Test
    void waitThenKnownHostsCarryTheRunThroughAReinstall() throws Exception {
        assertThat(exec("echo before").failure()).isNull();
        String oldKey = server.hostKey();
        server.stop();
        CompletableFuture<Void> install = CompletableFuture.runAsync(() -> {
            sleep(1500);
            server.restartWithNewHostKey();
        });

        StepResult waited = kit.execute(
                new SshWaitStep(),
                new SshWaitParameters(
                        server.host(),
                        server.port(),
                        null,
                        null,
                        HostKeyType.ED25519,
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(1)));
        install.get(30, TimeUnit.SECONDS);

        assertThat(waited.failure()).isNull();
        assertThat(waited.outputs().get("key")).isEqualTo(server.hostKey()).isNotEqualTo(oldKey);
        assertThat(waited.text(StepResult.Stream.INFO)).contains("waiting for [127.0.0.1]:" + server.port());

        StepResult refused = exec("echo after");
        assertThat(refused.failure()).hasMessageContaining("has CHANGED");

        StepResult trusted = kit.execute(
                new KnownHostsStep(),
                new KnownHostsParameters(
                        List.of(server.host()),
                        server.port(),
                        Action.REPLACE,
                        (String) waited.outputs().get("key"),
                        null,
                        knownHosts.toString(),
                        false));
        assertThat(trusted.outputs().get("changed")).isEqualTo(true);

        StepResult after = exec("echo after");
        assertThat(after.failure()).isNull();
        assertThat(after.outputs().get("stdout")).isEqualTo("after\n");
    }

    @Test
    void waitForASpecificKeyKeepsWaitingWhileTheOldSystemAnswers() {
        String futureKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE6n0pUWt5WdWqk6X1p3j2qQ3f0H9bb1e8m3zJ2h0nGk";

        StepResult result = kit.execute(
                new SshWaitStep(),
                new SshWaitParameters(
                        server.host(),
                        server.port(),
                        null,
                        futureKey,
                        HostKeyType.ED25519,
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(1)));

        assertThat(result.failure())
                .hasMessageContaining("did not answer SSH with ssh-ed25519 SHA256:")
                .hasMessageContaining("within 3s")
                .hasMessageContaining("it answers, but with");
    }

    @Test
    void waitGivesUpWithTheLastErrorWhenNothingListens() {
        server.stop();

        StepResult result = kit.execute(
                new SshWaitStep(),
                new SshWaitParameters(
                        server.host(),
                        server.port(),
                        null,
                        null,
                        HostKeyType.ED25519,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(1)));

        assertThat(result.failure())
                .hasMessageContaining("did not answer SSH within 2s")
                .hasMessageContaining("connection refused");
    }

    @Test
    void sshdRestartedWithTheSameKeyIsReconnectedTransparently() {
        assertThat(exec("echo one").failure()).isNull();
        server.restart();

        assertThat(exec("echo two").outputs().get("stdout")).isEqualTo("two\n");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
