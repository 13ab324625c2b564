package dev.nixboot.steps.git.ssh;

import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.steps.ssh.client.ConnectionParameters;
import dev.nixboot.steps.ssh.client.Endpoints;
import dev.nixboot.steps.ssh.client.SshConnection;
import dev.nixboot.steps.ssh.client.SshConnections;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;

/**
 * JGit's SSH transport on nixboot's own SSH stack: the connection comes from the run's shared {@link SshConnections},
 * so git honours the same host-key policy, {@code ~/.ssh/config}, agent, identity files and once-a-run passphrase
 * prompts as the SSH steps, and a clone and a later push to one host share one connection.
 */
public final class SshjSessionFactory extends SshSessionFactory implements AutoCloseable {
    private final StepContext context;
    private final String identityFile;
    private final String knownHosts;
    private final Set<Session> open = ConcurrentHashMap.newKeySet();

    /**
     * @param identityFile a private key to offer before the agent's, or null for ~/.ssh/config's or the defaults
     * @param knownHosts the known_hosts file host keys must be in, or null for ~/.ssh/config's UserKnownHostsFile, else
     *     ~/.ssh/known_hosts
     */
    public SshjSessionFactory(StepContext context, String identityFile, String knownHosts) {
        this.context = context;
        this.identityFile = identityFile;
        this.knownHosts = knownHosts;
    }

    @Override
    public RemoteSession getSession(URIish uri, CredentialsProvider credentials, FS fs, int timeoutSeconds)
            throws TransportException {
        // Strict known_hosts, no trust on first use.
        ConnectionParameters remote = ConnectionParameters.of(
                uri.getHost(), uri.getPort() > 0 ? uri.getPort() : null, uri.getUser(), identityFile, knownHosts, null);
        try {
            SshConnection connection = SshConnections.of(context).connect(Endpoints.resolve(remote, context), context);
            return new SshjRemoteSession(connection, open);
        } catch (StepFailure e) {
            throw new TransportException(uri, e.getMessage(), e);
        }
    }

    @Override
    public String getType() {
        return "nixboot-sshj";
    }

    /**
     * Closes the channels this step opened, which unblocks a fetch or push waiting on one. The connection itself
     * belongs to the run and stays open for later steps.
     */
    @Override
    public void close() {
        for (Session session : open) {
            try {
                session.close();
            } catch (IOException e) {
                // the channel is gone already, which is all closing wanted
            }
        }
        open.clear();
    }
}
