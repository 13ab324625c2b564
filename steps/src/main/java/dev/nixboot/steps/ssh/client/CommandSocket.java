package dev.nixboot.steps.ssh.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
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

    private final Process process;
    private final StringBuilder errors = new StringBuilder();
    private final Thread reader;
    private volatile boolean closed;

    private CommandSocket(Process process) {
        this.process = process;
        reader = new Thread(this::readErrors, "nixboot-proxy-command-stderr");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code shell -c command} with the run's environment, as ssh does. */
    static CommandSocket start(Route.Command route, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(route.shell(), "-c", route.command());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return new CommandSocket(builder.start());
    }

    private void readErrors() {
        try (InputStream stderr = process.getErrorStream()) {
            byte[] buffer = new byte[1024];
            for (int n; (n = stderr.read(buffer)) >= 0; ) {
                synchronized (errors) {
                    errors.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (errors.length() > KEPT_ERRORS) {
                        errors.delete(0, errors.length() - KEPT_ERRORS);
                    }
                }
            }
        } catch (IOException e) {
            // the command is gone; what it said so far is kept
        }
    }

    /** What the command wrote to standard error, stripped; empty when nothing. */
    String errors() {
        try {
            // A command that ended may still have its last words in the pipe.
            if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
                reader.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (errors) {
            return errors.toString().strip();
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

    @Override
    public synchronized void close() {
        closed = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
