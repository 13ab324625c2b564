package dev.nixboot.steps.git.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.eclipse.jgit.transport.RemoteSession;

/** One SSHJ connection seen by JGit: each {@code exec} (git-upload-pack, git-receive-pack) is a new session. */
final class SshjRemoteSession implements RemoteSession {
    private final SSHClient client;
    private final Runnable onDisconnect;

    SshjRemoteSession(SSHClient client, Runnable onDisconnect) {
        this.client = client;
        this.onDisconnect = onDisconnect;
    }

    @Override
    public Process exec(String command, int timeoutSeconds) throws IOException {
        Session session = client.startSession();
        return new CommandProcess(session, session.exec(command));
    }

    @Override
    public void disconnect() {
        try {
            client.close();
        } catch (IOException e) {
            // JGit is done with the connection; a failure to close it changes nothing for the step.
        } finally {
            onDisconnect.run();
        }
    }

    /** A remote command as a {@link Process}, which is what JGit's transport expects. */
    private static final class CommandProcess extends Process {
        private final Session session;
        private final Session.Command command;

        CommandProcess(Session session, Session.Command command) {
            this.session = session;
            this.command = command;
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
                try {
                    session.close();
                } catch (IOException e) {
                    // already gone
                }
            }
        }
    }
}
