package dev.nixboot.steps.git.ssh;

import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.steps.ssh.client.SshConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.eclipse.jgit.transport.RemoteSession;

/**
 * A shared SSH connection seen by JGit: each {@code exec} (git-upload-pack, git-receive-pack) is a new channel on it.
 */
final class SshjRemoteSession implements RemoteSession {
    private final SshConnection connection;
    private final Set<Session> open;

    SshjRemoteSession(SshConnection connection, Set<Session> open) {
        this.connection = connection;
        this.open = open;
    }

    @Override
    public Process exec(String command, int timeoutSeconds) throws IOException {
        Session session;
        try {
            session = connection.session();
        } catch (StepFailure e) {
            throw new IOException(e.getMessage(), e);
        }
        open.add(session);
        return new CommandProcess(session, session.exec(command), open);
    }

    /** JGit is done; the connection belongs to the run and stays open for later steps. */
    @Override
    public void disconnect() {
        // nothing to do: each channel is closed by its process's destroy()
    }

    /** A remote command as a {@link Process}, which is what JGit's transport expects. */
    private static final class CommandProcess extends Process {
        private final Session session;
        private final Session.Command command;
        private final Set<Session> open;

        CommandProcess(Session session, Session.Command command, Set<Session> open) {
            this.session = session;
            this.command = command;
            this.open = open;
        }

        @Override
        public OutputStream getOutputStream() {
            return command.getOutputStream();
        }

        @Override
        public InputStream getInputStream() {
            return command.getInputStream();
        }

        @Override
        public InputStream getErrorStream() {
            return command.getErrorStream();
        }

        @Override
        public int waitFor() throws InterruptedException {
            try {
                command.join();
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("waiting for " + command);
                }
            }
            return exitValue();
        }

        @Override
        public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
            try {
                command.join(timeout, unit);
            } catch (IOException e) {
                return false;
            }
            return command.getExitStatus() != null;
        }

        @Override
        public int exitValue() {
            Integer status = command.getExitStatus();
            if (status == null) {
                if (command.isOpen()) {
                    throw new IllegalThreadStateException("the remote command is still running");
                }
                return -1;
            }
            return status;
        }

        @Override
        public void destroy() {
            try {
                command.close();
            } catch (IOException e) {
                // already gone
            } finally {
                open.remove(session);
                try {
                    session.close();
                } catch (IOException e) {
                    // already gone
                }
            }
        }
    }
}
