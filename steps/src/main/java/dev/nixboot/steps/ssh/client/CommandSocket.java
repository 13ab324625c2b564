package dev.nixboot.steps.ssh.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A ProxyCommand as the socket SSHJ reads and writes: the command's standard output is what the host sends, its
 * standard input what is sent to the host (sshconnect.c {@code ssh_proxy_connect}). It is connected from the start;
 * closing it ends the command and everything it started.
 */
final class CommandSocket extends Socket {
    /** The last of the command's standard error, for a message when the connection fails. */
    private static final int KEPT_ERRORS = 2048;
    /** How long a command whose input was closed may take to end by itself before it is killed. */
    private static final Duration GRACE = Duration.ofMillis(200);

    private final Process process;
    /**
     * Where the command's standard error goes. A file rather than a pipe: a pipe read on a thread of ours lost the
     * last words of a command that exited at once (about one time in forty on JDK 17), which are what a user needs.
     */
    private final Path errors;

    private volatile boolean closed;

    private CommandSocket(Process process, Path errors) {
        this.process = process;
        this.errors = errors;
    }

    /** Starts {@code shell -c command} with the run's environment, as ssh does. */
    static CommandSocket start(Route.Command route, Map<String, String> environment) throws IOException {
        Path errors = Files.createTempFile("nixboot-proxy-command-", ".stderr");
        errors.toFile().deleteOnExit();
        ProcessBuilder builder =
                new ProcessBuilder(route.shell(), "-c", route.command()).redirectError(errors.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return new CommandSocket(builder.start(), errors);
        } catch (IOException e) {
            Files.deleteIfExists(errors);
            throw e;
        }
    }

    /** What the command wrote to standard error (the end of it), stripped; empty when nothing. */
    String errors() {
        try {
            byte[] all = Files.readAllBytes(errors);
            int from = Math.max(0, all.length - KEPT_ERRORS);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public InputStream getInputStream() {
        return process.getInputStream();
    }

    @Override
    public OutputStream getOutputStream() {
        return process.getOutputStream();
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        throw new IOException("a ProxyCommand is connected from the start");
    }

    @Override
    public void setSoTimeout(int timeout) {
        // reads end when the command's output does; the handshake has its own deadline
    }

    /**
     * Ends the command: its standard input closes first, and a command that then ends by itself within a moment is
     * not killed halfway through its last words (the standard output of {@code exec cmd >&2} closes before cmd
     * writes anything).
     */
    @Override
    public synchronized void close() {
        closed = true;
        try {
            process.getOutputStream().close();
            process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            // the pipe is gone with the command
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
