package dev.nixboot.steps.git.ssh;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.schmizz.sshj.SSHClient;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;

/** JGit's SSH transport on SSHJ: each JGit session is one SSHJ connection, closed when JGit releases it. */
public final class SshjSessionFactory extends SshSessionFactory implements AutoCloseable {
    private static final int DEFAULT_TIMEOUT_MILLIS = 30_000;
    private final SshConnector connector;
    private final Set<SSHClient> open = ConcurrentHashMap.newKeySet();

    public SshjSessionFactory(SshConnector connector) {
        this.connector = connector;
    }

    @Override
    public RemoteSession getSession(URIish uri, CredentialsProvider credentials, FS fs, int timeoutSeconds)
            throws TransportException {
        String user = uri.getUser() != null ? uri.getUser() : SshSessionFactory.getLocalUserName();
        int timeout = timeoutSeconds > 0 ? timeoutSeconds * 1000 : DEFAULT_TIMEOUT_MILLIS;
        try {
            SSHClient client = connector.connect(uri.getHost(), uri.getPort(), user, timeout);
            open.add(client);
            return new SshjRemoteSession(client, () -> open.remove(client));
        } catch (IOException e) {
            throw new TransportException(uri, e.getMessage(), e);
        }
    }

    @Override
    public String getType() {
        return "sshj";
    }

    /** Closes every connection still open, which also unblocks a fetch or push waiting on one. */
    @Override
    public void close() {
        for (SSHClient client : open) {
            try {
                client.close();
            } catch (IOException e) {
                // Closing on cancel or after the step: nothing useful to do with a failure to close.
            }
        }
        open.clear();
    }
}
