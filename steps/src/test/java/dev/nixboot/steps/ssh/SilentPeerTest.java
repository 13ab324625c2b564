package dev.nixboot.steps.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that accepts TCP connections and never says a word (a firewall's tarpit, a half-dead host, the wrong port
 * of a proxy): no SSH step may wait on it longer than its timeout, and a cancelled step returns at once. Parameters
 * are given as YAML, as a playbook gives them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SilentPeerTest {
    /** A bound that proves a step stopped promptly, with room for a slow shared machine. */
    private static final Duration PROMPT = Duration.ofSeconds(5);

    @TempDir
    Path home;

    private ServerSocket silent;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private StepTestKit kit;

    @BeforeEach
    void listen() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(
                () -> {
                    try {
                        while (true) {
                            accepted.add(silent.accept());
                        }
                    } catch (IOException closed) {
                        // the test is over
                    }
                },
                "silent-peer");
        acceptor.setDaemon(true);
        acceptor.start();
        kit = SshTestKits.isolated(home);
    }

    @AfterEach
    void close() throws IOException {
        kit.close();
        silent.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    private String target() {
        return "host: 127.0.0.1\nport: " + silent.getLocalPort() + "\n";
    }

    private String exec(String timeout) {
        return target() + "user: nobody\nconnect_timeout: " + timeout + "\ncommand: [\"true\"]\nknown_hosts: "
                + home.resolve("known_hosts") + "\n";
    }

    private record Timed(StepResult result, Duration took) {}

    /** Times the execution only: binding parameters starts the validator, which takes a while the first time. */
    private <P extends Record> Timed timed(Step<P, ?> step, String yaml) {
        P parameters = kit.parameters(step, yaml);
        long started = System.nanoTime();
        StepResult result = kit.execute(step, parameters);
        return new Timed(result, Duration.ofNanos(System.nanoTime() - started));
    }

    @Test
    void execGivesUpWhenTheHandshakeOutlastsTheConnectTimeout() {
        Timed run = timed(new SshExecStep(), exec("2s"));

        System.out.println("measured: ssh.exec, connect_timeout 2s, silent peer: failed after "
                + run.took().toMillis() + " ms");
        assertThat(run.result().failure())
                .hasMessageContaining("within 2s")
                .hasMessageContaining("waiting for the SSH banner");
        assertThat(run.took())
                .isBetween(Duration.ofMillis(1900), Duration.ofSeconds(2).plus(PROMPT));
    }

    @Test
    void waitGivesUpAtItsTimeout() {
        Timed run = timed(new SshWaitStep(), target() + "timeout: 3s\ninterval: 1s\n");

        System.out.println("measured: ssh.wait, timeout 3s, silent peer: failed after "
                + run.took().toMillis() + " ms");
        assertThat(run.result().failure())
                .hasMessageContaining("did not answer SSH within 3s")
                .hasMessageContaining("no host key within");
        assertThat(run.took()).isLessThan(Duration.ofSeconds(3).plus(PROMPT));
    }

    @Test
    void keyscanGivesUpAtItsTimeout() {
        Timed run = timed(new SshKeyscanStep(), target() + "timeout: 2s\n");

        System.out.println("measured: ssh.keyscan, timeout 2s, silent peer: failed after "
                + run.took().toMillis() + " ms");
        assertThat(run.result().failure())
                .hasMessageStartingWith("cannot reach 127.0.0.1:" + silent.getLocalPort())
                .hasMessageContaining("no host key within 2s");
        assertThat(run.took())
                .isBetween(Duration.ofMillis(1900), Duration.ofSeconds(2).plus(PROMPT));
    }

    @Test
    void cancellingExecDuringTheHandshakeIsPrompt() throws Exception {
        assertCancelledPromptly("ssh.exec", new SshExecStep(), exec("60s"));
    }

    @Test
    void cancellingWaitIsPrompt() throws Exception {
        assertCancelledPromptly("ssh.wait", new SshWaitStep(), target() + "timeout: 10m\n");
    }

    @Test
    void cancellingKeyscanIsPrompt() throws Exception {
        assertCancelledPromptly("ssh.keyscan", new SshKeyscanStep(), target() + "timeout: 60s\n");
    }

    @Test
    void aStepWaitingForAnotherStepsConnectionIsCancelledPromptly() throws Exception {
        CompletableFuture<StepResult> first = new CompletableFuture<>();
        Thread opening = new Thread(() -> first.complete(kit.execute(new SshExecStep(), exec("60s"))));
        opening.start();
        awaitAccepted(1);

        // The same user, address and port: this step waits for the first one's connection.
        assertCancelledPromptly("ssh.exec waiting for a shared connection", new SshExecStep(), exec("60s"));

        opening.interrupt();
        assertThat(first.get(PROMPT.toSeconds(), TimeUnit.SECONDS).failure()).hasMessageStartingWith("cancelled");
    }

    private <P extends Record> void assertCancelledPromptly(String what, Step<P, ?> step, String yaml)
            throws Exception {
        int before = accepted.size();
        P parameters = kit.parameters(step, yaml);
        CompletableFuture<StepResult> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> result.complete(kit.execute(step, parameters)));
        thread.start();
        if (!what.contains("waiting")) {
            awaitAccepted(before + 1);
        }
        Thread.sleep(500);

        long interrupted = System.nanoTime();
        thread.interrupt();
        StepResult done = result.get(PROMPT.toMillis() * 4, TimeUnit.MILLISECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - interrupted);

        System.out.println("measured: " + what + ", cancelled while the peer is silent: returned after "
                + took.toMillis() + " ms");
        assertThat(done.failure()).isNotNull();
        assertThat(done.failure().getMessage()).containsIgnoringCase("cancel");
        assertThat(took).isLessThan(PROMPT);
    }

    private void awaitAccepted(int count) throws InterruptedException {
        long deadline = System.nanoTime() + PROMPT.toNanos();
        while (accepted.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(accepted).as("connections the silent peer accepted").hasSizeGreaterThanOrEqualTo(count);
    }
}
