package dev.nixboot.steps.ssh.testing;

import dev.nixboot.engine.state.FileTree;
import dev.nixboot.steps.ssh.client.ConnectionParameters;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH {@code sshd} on a free loopback port, for tests that must talk to the real thing.
 *
 * <p>Everything lives in a temporary directory: generated host keys (ed25519 and ECDSA), the {@code sshd_config},
 * the pid file, the {@code authorized_keys} file and an ed25519 client key pair that is authorized from the start.
 * The server logs in the user running the tests (root in CI, anyone else on a workstation), so it needs no system
 * changes besides, when run as root, the privilege separation directory {@code /run/sshd} that a packaged sshd
 * service would have created.
 *
 * <pre>{@code
 * try (SshServer server = SshServer.start()) {
 *     Files.writeString(knownHosts, server.knownHostsLine() + "\n");
 *     // connect to server.host():server.port() as server.user() with server.clientIdentity()
 *     server.restartWithNewHostKey();   // what a reinstall does to a host
 *     server.dropConnections();         // what a reboot or a network failure does
 * }
 * }</pre>
 *
 * <p>Remote commands run in the user's login shell as usual, but with {@code SHLVL=1} set by the server: bash then
 * skips {@code ~/.bashrc}, which on some machines costs hundreds of milliseconds a command and would make timings
 * depend on whose machine runs the tests.
 */
public final class SshServer implements AutoCloseable {
    private static final String SSHD = "/usr/sbin/sshd";
    private static final String SSH_KEYGEN = "/usr/bin/ssh-keygen";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Path directory;
    private final String address;
    private final List<String> firstConfigLines;
    private int port;
    private Process process;
    private int hostKeyGeneration;

    private SshServer(Path directory, String address, int port, List<String> firstConfigLines) {
        this.directory = directory;
        this.address = address;
        this.port = port;
        this.firstConfigLines = List.copyOf(firstConfigLines);
    }

    /** Starts a server on 127.0.0.1 in a new temporary directory, removed again by {@link #close()}. */
    public static SshServer start() {
        return start("127.0.0.1");
    }

    /**
     * Starts a server listening on one loopback address only, such as 127.0.0.2: a jump host test's target, which
     * must not be mistaken for the jump host on 127.0.0.1.
     */
    public static SshServer start(String loopbackAddress) {
        return start(loopbackAddress, List.of());
    }

    /**
     * As {@link #start(String)}, with sshd_config lines first (sshd keeps the first value of a keyword, so they win
     * over the harness's own), such as {@code LogLevel DEBUG1} to log each channel a client opens.
     */
    public static SshServer start(String loopbackAddress, List<String> firstConfigLines) {
        if (!loopbackAddress.startsWith("127.")) {
            throw new IllegalArgumentException("tests listen on loopback addresses only: " + loopbackAddress);
        }
        return start(loopbackAddress, freePort(loopbackAddress), firstConfigLines);
    }

    /**
     * Starts a server on 127.0.0.1 at a given port with its own host keys and these {@code sshd_config} lines first:
     * say, an impostor taking over a stopped server's address, with a {@code ForceCommand} that records what it is
     * sent.
     */
    public static SshServer start(int port, List<String> firstConfigLines) {
        return start("127.0.0.1", port, firstConfigLines);
    }

    private static SshServer start(String loopbackAddress, int port, List<String> firstConfigLines) {
        try {
            Path directory = Files.createTempDirectory("nixboot-sshd-");
            SshServer server = new SshServer(directory, loopbackAddress, port, firstConfigLines);
            server.generateHostKeys();
            server.generateClientKey();
            server.writeConfig();
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The loopback address the server listens on, and nowhere else. */
    public String host() {
        return address;
    }

    /** The listening sshd; the processes serving connections are its descendants. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    public int port() {
        return port;
    }

    /** The user the server lets in: the one running the tests. */
    public String user() {
        return System.getProperty("user.name");
    }

    /** The server's private directory (config, keys, log). */
    public Path directory() {
        return directory;
    }

    /** An unencrypted ed25519 private key in OpenSSH format that the server accepts; its public key is beside it. */
    public Path clientIdentity() {
        return directory.resolve("client_ed25519");
    }

    /** The {@code authorized_keys} file the server reads for every user. */
    public Path authorizedKeys() {
        return directory.resolve("authorized_keys");
    }

    /** Lets in whoever holds the private half of this public key line. */
    public void authorize(String publicKeyLine) {
        try {
            Files.writeString(authorizedKeys(), publicKeyLine.strip() + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The current ed25519 host public key: {@code ssh-ed25519 AAAA...}. */
    public String hostKey() {
        return hostKey("ed25519");
    }

    /** The current host public key of a type: {@code ed25519} or {@code ecdsa}. */
    public String hostKey(String type) {
        try {
            String line = Files.readString(
                    hostKeyPath(type).resolveSibling(hostKeyPath(type).getFileName() + ".pub"));
            String[] fields = line.strip().split(" ");
            return fields[0] + " " + fields[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The known_hosts line for the current ed25519 host key: {@code [127.0.0.1]:PORT ssh-ed25519 AAAA...}. */
    public String knownHostsLine() {
        return hostPattern() + " " + hostKey();
    }

    /** How known_hosts names this server: {@code [127.0.0.1]:PORT}. */
    public String hostPattern() {
        return "[" + host() + "]:" + port;
    }

    /** The SHA256 fingerprint of the current ed25519 host key, as {@code ssh-keygen -lf} prints it. */
    public String hostKeyFingerprint() {
        String output = run(SSH_KEYGEN, "-l", "-E", "sha256", "-f", hostKeyPath("ed25519") + ".pub");
        return output.split(" ")[1];
    }

    /** How a step logs in to this server: as its user with its client key, host keys checked against knownHosts. */
    public ConnectionParameters connection(Path knownHosts) {
        return new ConnectionParameters(
                host(), port(), user(), clientIdentity().toString(), knownHosts.toString(), null, false, null, null);
    }

    /** Writes a known_hosts file trusting this server's current key, in the server's directory. */
    public Path writeKnownHosts() {
        try {
            Path file = directory.resolve("known_hosts");
            Files.writeString(file, knownHostsLine() + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Options for the {@code ssh} command line that reach this server as {@link #user()} with the client key. */
    public List<String> sshOptions(Path knownHosts) {
        return List.of(
                "-p", Integer.toString(port),
                "-i", clientIdentity().toString(),
                "-o", "IdentitiesOnly=yes",
                "-o", "IdentityAgent=none",
                "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=none",
                "-F", "none");
    }

    /**
     * Stops the server, gives it new host keys and starts it again on the same port, as a reinstalled host comes
     * back. Open connections are dropped.
     */
    public void restartWithNewHostKey() {
        stop();
        hostKeyGeneration++;
        try {
            generateHostKeys();
            writeConfig();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        launch();
    }

    /**
     * Stops the server and starts it again with the same host keys on another port, as a target comes back from
     * nixos-anywhere's kexec: the installer it boots keeps the host keys and listens on port 22.
     */
    public void moveTo(int newPort) {
        stop();
        port = newPort;
        try {
            writeConfig();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        launch();
    }

    /** Stops the server and every connection it serves, then starts it again with the same keys. */
    public void restart() {
        stop();
        launch();
    }

    /**
     * Kills the per-connection sshd processes (and what they run) without warning, as a crash or a reboot does. The
     * listening server stays up, so new connections succeed.
     */
    public void dropConnections() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Stops the server and every connection it serves; {@link #restart()} starts it again. */
    public void stop() {
        if (process == null) {
            return;
        }
        dropConnections();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** What the server logged; worth printing when a test fails. */
    public String log() {
        try {
            Path log = directory.resolve("sshd.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server and removes its directory. */
    @Override
    public void close() {
        stop();
        try {
            FileTree.delete(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path hostKeyPath(String type) {
        return directory.resolve("host_" + type + "_" + hostKeyGeneration);
    }

    private void generateHostKeys() throws IOException {
        for (String type : List.of("ed25519", "ecdsa")) {
            run(
                    SSH_KEYGEN,
                    "-q",
                    "-t",
                    type,
                    "-N",
                    "",
                    "-C",
                    "nixboot-test-host",
                    "-f",
                    hostKeyPath(type).toString());
        }
    }

    private void generateClientKey() throws IOException {
        run(
                SSH_KEYGEN,
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "nixboot-test-client",
                "-f",
                clientIdentity().toString());
        Files.copy(Path.of(clientIdentity() + ".pub"), authorizedKeys());
    }

    private void writeConfig() throws IOException {
        List<String> lines = new ArrayList<>(firstConfigLines);
        lines.addAll(List.of(
                "Port " + port,
                "ListenAddress " + host(),
                "HostKey " + hostKeyPath("ed25519"),
                "HostKey " + hostKeyPath("ecdsa"),
                "PidFile " + directory.resolve("sshd.pid"),
                "AuthorizedKeysFile " + authorizedKeys(),
                // The temp directory's owner and modes are whatever the test runner has; not what is tested.
                "StrictModes no",
                "UsePAM no",
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "AllowAgentForwarding yes",
                "AllowTcpForwarding yes",
                "X11Forwarding no",
                "PrintMotd no",
                "PrintLastLog no",
                "UseDNS no",
                "MaxSessions 64",
                "MaxStartups 64",
                "SetEnv SHLVL=1",
                "LogLevel VERBOSE",
                "Subsystem sftp internal-sftp"));
        Files.write(directory.resolve("sshd_config"), lines, StandardCharsets.UTF_8);
    }

    private void launch() {
        try {
            if ("root".equals(user())) {
                // A packaged sshd has its service create this; privilege separation refuses to start without it.
                Path privsep = Path.of("/run/sshd");
                if (!Files.isDirectory(privsep)) {
                    Files.createDirectories(
                            privsep,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
                }
            }
            Path config = directory.resolve("sshd_config");
            run(SSHD, "-t", "-f", config.toString());
            process = new ProcessBuilder(SSHD, "-D", "-e", "-f", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            directory.resolve("sshd.log").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            awaitListening();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("sshd exited with " + process.exitValue() + ":\n" + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        throw new IOException(
                "sshd did not listen on " + host() + ":" + port + " within " + START_TIMEOUT + ":\n" + log());
    }

    /** A port nothing listens on right now at 127.0.0.1. */
    public static int freeLoopbackPort() {
        return freePort("127.0.0.1");
    }

    private static int freePort(String address) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
