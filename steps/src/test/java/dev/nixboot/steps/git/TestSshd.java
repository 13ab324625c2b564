package dev.nixboot.steps.git;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH sshd on a free loopback port, with its own host key, config and authorized_keys in a temporary
 * directory. It logs in the user running the tests (root in CI, anyone elsewhere) and runs the real
 * git-upload-pack and git-receive-pack.
 */
final class TestSshd implements AutoCloseable {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private final Path dir;
    private final Process process;
    private final int port;

    private TestSshd(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** Starts sshd accepting the given public key files for the current user. */
    static TestSshd start(Path dir, Path... authorizedKeys) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        keygen(dir, "host_ed25519", "");
        StringBuilder authorized = new StringBuilder();
        for (Path key : authorizedKeys) {
            authorized.append(Files.readString(key));
        }
        Files.writeString(dir.resolve("authorized_keys"), authorized.toString());
        if (isRoot() && !Files.isDirectory(Path.of("/run/sshd"))) {
            // sshd started as root insists on its privilege separation directory; packages create it at boot.
            Files.createDirectories(Path.of("/run/sshd"));
        }
        int port = freePort();
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_ed25519"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "AllowUsers " + System.getProperty("user.name"),
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                "LogLevel ERROR",
                ""));
        Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.log").toFile())
                .start();
        TestSshd sshd = new TestSshd(dir, process, port);
        sshd.awaitListening();
        return sshd;
    }

    /** Creates an ed25519 key pair in the directory; an empty passphrase leaves the key unencrypted. */
    static Path keygen(Path dir, String name, String passphrase) throws IOException, InterruptedException {
        Path key = dir.resolve(name);
        run(dir, List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f", key.toString()));
        return key;
    }

    int port() {
        return port;
    }

    /** A known_hosts file trusting this server's host key, in OpenSSH's [host]:port form. */
    Path knownHosts() throws IOException {
        Path file = dir.resolve("known_hosts");
        String key = Files.readString(dir.resolve("host_ed25519.pub")).strip();
        String[] parts = key.split(" ");
        Files.writeString(file, "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1] + "\n");
        return file;
    }

    /** The host key's fingerprint as ssh-keygen prints it. */
    String fingerprint() throws IOException, InterruptedException {
        String out = run(dir, List.of("ssh-keygen", "-l", "-E", "sha256", "-f", dir.resolve("host_ed25519.pub").toString()));
        return out.split(" ")[1];
    }

    String url(Path repository) {
        return "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + port + repository.toAbsolutePath();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("sshd did not listen on " + port + ": " + Files.readString(dir.resolve("sshd.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String run(Path dir, List<String> argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(argv + " failed: " + out);
        }
        return out;
    }
}
