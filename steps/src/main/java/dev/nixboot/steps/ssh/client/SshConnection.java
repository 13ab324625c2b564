package dev.nixboot.steps.ssh.client;

import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.steps.ssh.agent.AgentClient;
import dev.nixboot.steps.ssh.agent.AgentForwarding;
import dev.nixboot.steps.ssh.agent.AgentPublickey;
import dev.nixboot.steps.ssh.knownhosts.HostKey;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPublickey;

/**
 * One shared SSH connection. Opens channels for steps; when the connection has dropped since its last use (a reboot,
 * a network failure) the next step reconnects transparently, checking the host key again. A drop while a command
 * runs is not retried: the step fails, since the command may have had effects.
 */
public final class SshConnection {
    /** Seconds between keepalive requests; three unanswered ones end the connection and fail what waits on it. */
    private static final int KEEPALIVE_SECONDS = 5;
    private static final int KEEPALIVE_MISSES = 3;

    private final SshConnections pool;
    private final Set<HostKeyPolicy> accepted = new HashSet<>();
    private SSHClient client;
    private HostKey hostKey;
    private Endpoint endpoint;
    private StepContext lastContext;
    private boolean agentForwardingInstalled;

    SshConnection(SshConnections pool) {
        this.pool = pool;
    }

    /** Connects if needed; otherwise checks the existing connection's host key against this endpoint's policy. */
    synchronized void ensure(Endpoint wanted, StepContext context) throws StepFailure {
        endpoint = wanted;
        lastContext = context;
        if (client == null || !client.isConnected() || !client.isAuthenticated()) {
            reconnect();
            return;
        }
        if (!accepted.contains(wanted.policy())) {
            String refusal = new HostKeyCheck(wanted.policy(), wanted.hostName(), wanted.port()).refusal(hostKey);
            if (refusal != null) {
                throw new StepFailure(refusal);
            }
            accepted.add(wanted.policy());
        }
    }

    /** The key the host presented on the current connection. */
    public synchronized HostKey hostKey() {
        return hostKey;
    }

    public synchronized Endpoint endpoint() {
        return endpoint;
    }

    /** A new session channel, reconnecting once if the connection turns out to have dropped. */
    public Session session() throws StepFailure {
        SSHClient current = current();
        try {
            return current.startSession();
        } catch (ConnectionException | TransportException | IllegalStateException firstAttempt) {
            // IllegalStateException: SSHJ's "Not connected", when the drop is noticed between the check and now
            SSHClient fresh = reconnectIfStill(current);
            try {
                return fresh.startSession();
            } catch (ConnectionException | TransportException e) {
                throw new StepFailure("cannot open a session on " + endpoint + ": " + describe(e), e);
            }
        }
    }

    /** A new SFTP client on its own channel, reconnecting once if the connection turns out to have dropped. */
    public SFTPClient sftp() throws StepFailure {
        SSHClient current = current();
        try {
            return current.newSFTPClient();
        } catch (IOException | IllegalStateException firstAttempt) {
            SSHClient fresh = reconnectIfStill(current);
            try {
                return fresh.newSFTPClient();
            } catch (IOException e) {
                throw new StepFailure("cannot start SFTP on " + endpoint + ": " + describe(e), e);
            }
        }
    }

    /**
     * A new session channel whose commands may use the local SSH agent, reconnecting once if the connection turns out
     * to have dropped.
     */
    public Session forwardingSession(StepContext context) throws StepFailure {
        AgentClient agent = agent(context);
        if (agent == null) {
            throw new StepFailure("forward_agent needs a running SSH agent, but SSH_AUTH_SOCK is not set");
        }
        SSHClient current = current();
        try {
            return openForwarding(current, agent);
        } catch (ConnectionException | TransportException | IllegalStateException firstAttempt) {
            SSHClient fresh = reconnectIfStill(current);
            try {
                return openForwarding(fresh, agent);
            } catch (ConnectionException | TransportException e) {
                throw new StepFailure("cannot forward the SSH agent to " + endpoint + ": " + describe(e), e);
            }
        }
    }

    private Session openForwarding(SSHClient on, AgentClient agent) throws ConnectionException, TransportException {
        synchronized (this) {
            if (on == client && !agentForwardingInstalled) {
                AgentForwarding.install(on.getConnection(), agent.socket());
                agentForwardingInstalled = true;
            }
        }
        AgentForwarding.ForwardingSession session = new AgentForwarding.ForwardingSession(on.getConnection());
        session.open();
        session.requestAgentForwarding();
        return session;
    }

    private static AgentClient agent(StepContext context) {
        String socket = context.environment().get("SSH_AUTH_SOCK");
        return socket == null || socket.isBlank() ? null : new AgentClient(Path.of(socket));
    }

    /** Whether the connection is up right now (it may still drop the next moment). */
    public synchronized boolean isConnected() {
        return client != null && client.isConnected() && client.isAuthenticated();
    }

    synchronized void close() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException ignored) {
                // Closing at the end of a run: the host may already be gone, which is no failure.
            }
            client = null;
        }
    }

    private synchronized SSHClient current() {
        return client;
    }

    private synchronized SSHClient reconnectIfStill(SSHClient stale) throws StepFailure {
        if (client == stale) {
            reconnect();
        }
        return client;
    }

    private void reconnect() throws StepFailure {
        Providers.init();
        try {
            connectOnce();
        } catch (StepFailure e) {
            // Without BouncyCastle an ECDSA host or client key fails the exchange or authentication obscurely;
            // a host key refusal or a failed prompt would fail the same way again.
            if (e instanceof HostKeyRefused || e instanceof PromptRefused || !Providers.enableBouncyCastle()) {
                throw e;
            }
            connectOnce();
        }
    }

    /** A refusal by the host key policy, which no retry changes. */
    private static final class HostKeyRefused extends StepFailure {
        private static final long serialVersionUID = 1L;

        HostKeyRefused(String message) {
            super(message);
        }
    }

    /** A passphrase that could not be asked for, which no retry changes. */
    private static final class PromptRefused extends StepFailure {
        private static final long serialVersionUID = 1L;

        PromptRefused(StepFailure cause) {
            super(cause.getMessage(), cause);
        }
    }

    private void connectOnce() throws StepFailure {
        close();
        accepted.clear();
        agentForwardingInstalled = false;
        Endpoint target = endpoint;
        SSHClient fresh = new SSHClient(pool.config());
        fresh.setSocketFactory(new NoDelaySocketFactory());
        int timeoutMillis = (int) target.connectTimeout().toMillis();
        fresh.setConnectTimeout(timeoutMillis);
        fresh.getTransport().setTimeoutMs(timeoutMillis);
        HostKeyCheck check = new HostKeyCheck(target.policy(), target.hostName(), target.port());
        Providers.forAlgorithms(check.findExistingAlgorithms(target.hostName(), target.port()));
        fresh.addHostKeyVerifier(check);
        KeepAlive keepAlive = fresh.getConnection().getKeepAlive();
        keepAlive.setKeepAliveInterval(KEEPALIVE_SECONDS);
        if (keepAlive instanceof KeepAliveRunner runner) {
            runner.setMaxAliveCount(KEEPALIVE_MISSES);
        }
        try {
            fresh.connect(target.hostName(), target.port());
        } catch (TransportException e) {
            closeQuietly(fresh);
            if (check.refusalMessage() != null) {
                throw new HostKeyRefused(check.refusalMessage());
            }
            throw new StepFailure("cannot connect to " + target.hostName() + ":" + target.port() + ": " + describe(e), e);
        } catch (IOException e) {
            closeQuietly(fresh);
            throw new StepFailure("cannot connect to " + target.hostName() + ":" + target.port() + ": " + describe(e), e);
        }
        authenticate(fresh, target);
        client = fresh;
        hostKey = check.presented();
        accepted.add(target.policy());
    }

    private void authenticate(SSHClient fresh, Endpoint target) throws StepFailure {
        List<AuthMethod> methods = new ArrayList<>();
        List<String> tried = new ArrayList<>();
        for (Path identity : target.identityFiles()) {
            if (!Files.isReadable(identity)) {
                continue;
            }
            try {
                methods.add(new AuthPublickey(fresh.loadKeys(identity.toString(),
                        pool.passphrases().finder(identity, lastContext))));
                tried.add(identity.toString());
            } catch (IOException e) {
                throw new StepFailure("cannot read identity file " + identity + ": " + e.getMessage(), e);
            }
        }
        AgentClient agent = agent(lastContext);
        if (agent != null) {
            try {
                for (AgentClient.Identity identity : agent.identities()) {
                    methods.add(new AgentPublickey(agent, identity));
                    tried.add("agent key " + identity.comment());
                }
            } catch (IOException e) {
                lastContext.console().info("SSH agent at " + agent.socket() + " not usable: " + e.getMessage());
            }
        }
        if (methods.isEmpty()) {
            closeQuietly(fresh);
            throw new StepFailure("no way to authenticate to " + target + ": no identity file found (tried "
                    + target.identityFiles() + ") and no SSH agent keys; set identity_file or start ssh-agent");
        }
        try {
            fresh.auth(target.user(), methods);
        } catch (Passphrases.PromptFailed e) {
            closeQuietly(fresh);
            throw new PromptRefused(e.failure());
        } catch (UserAuthException e) {
            closeQuietly(fresh);
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof Passphrases.PromptFailed prompt) {
                    throw new PromptRefused(prompt.failure());
                }
            }
            throw new StepFailure("authentication as " + target.user() + " on " + target.hostName() + ":"
                    + target.port() + " failed; offered: " + String.join(", ", tried), e);
        } catch (TransportException e) {
            closeQuietly(fresh);
            throw new StepFailure("connection to " + target + " failed during authentication: " + describe(e), e);
        }
    }

    private static void closeQuietly(SSHClient c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Already failing with a better message.
        }
    }

    /** A cause a user can act on, without SSHJ's class names. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof ConnectException) {
            return "connection refused (is sshd running and the port right?)";
        }
        if (root instanceof UnknownHostException) {
            return "unknown host name " + root.getMessage();
        }
        if (root instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (root instanceof SocketTimeoutException) {
            return "no answer (timed out)";
        }
        String message = root.getMessage() != null ? root.getMessage() : e.getMessage();
        return message != null ? message : root.getClass().getSimpleName();
    }
}
