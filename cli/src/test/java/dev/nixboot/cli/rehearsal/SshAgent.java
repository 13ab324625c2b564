package dev.nixboot.cli.rehearsal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real ssh-agent holding one key, on a socket in the rehearsal directory; stopped by {@link #close()}. */
public final class SshAgent implements AutoCloseable {
    private final Process process;
    private final Path socket;

    private SshAgent(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    public static SshAgent holding(Path key, Path directory) throws IOException, InterruptedException {
        Path socket = directory.resolve("agent.sock");
        Process process = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        SshAgent agent = new SshAgent(process, socket);
        try {
            for (int i = 0; i < 200 && !Files.exists(socket); i++) {
                Thread.sleep(10);
            }
            ProcessBuilder add = new ProcessBuilder("ssh-add", "-q", key.toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            Process adding = add.start();
            String output = new String(adding.getInputStream().readAllBytes());
            if (!adding.waitFor(10, TimeUnit.SECONDS) || adding.exitValue() != 0) {
                throw new IOException("ssh-add " + key + " failed: " + output);
            }
            return agent;
        } catch (IOException | InterruptedException | RuntimeException e) {
            agent.close();
            throw e;
        }
    }

    public Path socket() {
        return socket;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
