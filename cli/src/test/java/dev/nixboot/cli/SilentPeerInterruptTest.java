package dev.nixboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C while {@code nixboot run} waits on an SSH peer that accepted the connection and never speaks: the real
 * command in its own process, SIGINT as a terminal sends it. It must end promptly with 130, not wait out the
 * connect timeout (let alone the peer).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SilentPeerInterruptTest {
    @TempDir
    Path directory;

    @Test
    void ctrlCDuringAnSshHandshakeEndsTheRunPromptly() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Path home = Files.createDirectories(directory.resolve("home/.ssh")).getParent();
            Path playbook = directory.resolve("silent.yaml");
            Files.writeString(playbook, """
                    name: silent
                    steps:
                      - id: hang
                        type: ssh.exec
                        with:
                          host: 127.0.0.1
                          port: %d
                          user: nobody
                          connect_timeout: 10m
                          command: ["true"]
                    """.formatted(silent.getLocalPort()));
            Path output = directory.resolve("output.txt");
            ProcessBuilder builder = new ProcessBuilder(
                            ProcessHandle.current().info().command().orElse("java"),
                            "-Duser.home=" + home,
                            "-cp",
                            System.getProperty("java.class.path"),
                            "dev.nixboot.cli.Main",
                            "run",
                            playbook.toString(),
                            "--yes")
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("HOME", home.toString());
            builder.environment().put("SSH_AUTH_SOCK", "");
            Process nixboot = builder.start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (accepted.isEmpty() && nixboot.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(accepted)
                        .as("nixboot connected to the silent peer; its output:\n"
                                + Files.readString(output, StandardCharsets.UTF_8))
                        .isNotEmpty();
                Thread.sleep(500);

                long interrupted = System.nanoTime();
                new ProcessBuilder("sh", "-c", "kill -INT \"$0\"", Long.toString(nixboot.pid()))
                        .start()
                        .waitFor();
                boolean ended = nixboot.waitFor(30, TimeUnit.SECONDS);
                Duration took = Duration.ofNanos(System.nanoTime() - interrupted);

                System.out.println("measured: nixboot run, SIGINT during an SSH handshake with a silent peer: exited"
                        + " after " + took.toMillis() + " ms");
                assertThat(ended).as("nixboot ended after SIGINT").isTrue();
                assertThat(nixboot.exitValue())
                        .as(Files.readString(output, StandardCharsets.UTF_8))
                        .isEqualTo(130);
                assertThat(took).isLessThan(Duration.ofSeconds(5));
            } finally {
                nixboot.destroyForcibly();
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }
}
