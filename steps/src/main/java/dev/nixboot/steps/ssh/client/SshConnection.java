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
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * One shared SSH connection. Opens channels for steps; when the connection has dropped since its last use (a reboot,
 * a network failure) the next step reconnects transparently, checking the host key again. A drop while a command
 * runs is not retried: the step fails, since the command may have had effects.
 *
 * <p>Opening it is bounded and cancellable as a whole ({@link Handshake}); a step waiting for another step's opening
 * of the same connection gives up at once when cancelled. A connection through a jump host uses the run's shared
 * connection to that hop, opened (and reopened) as needed.
 */
public final class SshConnection {
    /** Seconds between keepalive requests; three unanswered ones end the connection and fail what waits on it. */
    private static final int KEEPALIVE_SECONDS = 5;

    private static final int KEEPALIVE_MISSES = 3;

    private final SshConnections pool;
    /** Held while the connection is checked or opened; waited for interruptibly. */
    private final ReentrantLock opening = new ReentrantLock();

    private final Set<HostKeyPolicy> accepted = new HashSet<>();
    private volatile SSHClient client;
    private volatile Carrier carrier;
    private volatile HostKey hostKey;
    private volatile Endpoint endpoint;
    private volatile StepContext lastContext;
    private boolean agentForwardingInstalled;
    private final Object agentLock = new Object();

    SshConnection(SshConnections pool) {
        this.pool = pool;
    }

    /** Connects if needed; otherwise checks the existing connection's host key against this endpoint's policy. */
    void ensure(Endpoint wanted, StepContext context) throws StepFailure {
        lock(wanted, context);
        try {
            endpoint = wanted;
            lastContext = context;
            SSHClient current = client;
            if (current == null || !current.isConnected() || !current.isAuthenticated()) {
                reconnect(context);
                return;
            }
            if (!accepted.contains(wanted.policy())) {
                String refusal = new HostKeyCheck(wanted.policy(), wanted.hostName(), wanted.port()).refusal(hostKey);
                if (refusal != null) {
                    throw new StepFailure(refusal);
                }
                accepted.add(wanted.policy());
            }
        } finally {
            opening.unlock();
        }
    }

    /** Waits for another step's opening of this connection, but not past a cancellation. */
    private void lock(Endpoint wanted, StepContext context) throws StepFailure {
        try {
            opening.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Handshake.Cancelled("cancelled while waiting for the connection to " + wanted);
        }
        if (context != null && context.isCancelled()) {
            opening.unlock();
            throw new Handshake.Cancelled("cancelled before connecting to " + wanted);
        }
    }

    /** The key the host presented on the current connection. */
    public HostKey hostKey() {
        return hostKey;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * A {@code direct-tcpip} channel from this host to another, for a connection that jumps through this one;
     * reopens this connection once if it turns out to have dropped.
     */
    DirectConnection tunnel(String hostName, int port) throws IOException {
        try {
            return reconnectingOnce(on -> on.newDirectConnection(hostName, port));
        } catch (StepFailure e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** A new session channel, reconnecting once if the connection turns out to have dropped. */
    public Session session() throws StepFailure {
        return open("open a session on", SSHClient::startSession);
    }

    /** A new SFTP client on its own channel, reconnecting once if the connection turns out to have dropped. */
    public SFTPClient sftp() throws StepFailure {
        return open("start SFTP on", SSHClient::newSFTPClient);
    }

    /**
     * A new session channel whose commands may use the local SSH agent, reconnecting once if the connection turns out
     * to have dropped.
     */
    public Session forwardingSession(StepContext context) throws StepFailure {
        Path forwarded = endpoint.forwardedAgent();
        AgentClient agent = forwarded != null ? new AgentClient(forwarded) : agent(context);
        if (agent == null) {
            throw new StepFailure("forward_agent needs a running SSH agent, but SSH_AUTH_SOCK is not set");
        }
        return open("forward the SSH agent to", on -> openForwarding(on, agent));
    }

    /** Opens something on the connection's client: a channel, a tunnel. */
    @FunctionalInterface
    private interface Opener<T> {
        T open(SSHClient on) throws IOException;
    }

    /** {@link #reconnectingOnce}, a failure of the second attempt told as "cannot WHAT ENDPOINT: why". */
    private <T> T open(String what, Opener<T> opener) throws StepFailure {
        try {
            return reconnectingOnce(opener);
        } catch (IOException e) {
            throw new StepFailure("cannot " + what + " " + endpoint + ": " + describe(e), e);
        }
    }

    /**
     * Opens on the current connection; when it turns out to have dropped since its last use (a reboot, a network
     * failure), reconnects, checking the host key again, and opens once more.
     */
    private <T> T reconnectingOnce(Opener<T> opener) throws IOException, StepFailure {
        SSHClient current = client;
        if (current != null) {
            try {
                return opener.open(current);
            } catch (IOException | IllegalStateException firstAttempt) {
                // IllegalStateException: SSHJ's "Not connected", when the drop is noticed between the check and the
                // call. Either way the connection is reopened below.
            }
        }
        return opener.open(reconnectIfStill(current));
    }

    private Session openForwarding(SSHClient on, AgentClient agent) throws ConnectionException, TransportException {
        synchronized (agentLock) {
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
    public boolean isConnected() {
        SSHClient current = client;
        return current != null && current.isConnected() && current.isAuthenticated();
    }

    void close() {
        SSHClient current = client;
        client = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // Closing at the end of a run: the host may already be gone, which is no failure.
            }
        }
        Carrier used = carrier;
        carrier = null;
        if (used != null) {
            used.close();
        }
    }

    private SSHClient reconnectIfStill(SSHClient stale) throws StepFailure {
        StepContext context = lastContext;
        lock(endpoint, context);
        try {
            if (client == stale) {
                reconnect(context);
            }
            return client;
        } finally {
            opening.unlock();
        }
    }

    private void reconnect(StepContext context) throws StepFailure {
        Providers.init();
        try {
            connectOnce(context);
        } catch (StepFailure e) {
            // Without BouncyCastle an ECDSA host or client key fails the exchange or authentication obscurely;
            // a host key refusal, a failed prompt or a handshake given up would fail the same way again.
            if (e instanceof HostKeyRefused
                    || e instanceof PromptRefused
                    || e instanceof Handshake.Abandoned
                    || !Providers.enableBouncyCastle()) {
                throw e;
            }
            connectOnce(context);
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

    /** A connection opened by a handshake, with what carries it. */
    private record Opened(SSHClient client, Carrier carrier) {
        void close() {
            closeQuietly(client);
            carrier.close();
        }
    }

    private void connectOnce(StepContext context) throws StepFailure {
        close();
        accepted.clear();
        agentForwardingInstalled = false;
        Endpoint target = endpoint;
        HostKeyCheck check = new HostKeyCheck(target.policy(), target.hostName(), target.port());
        Providers.forAlgorithms(check.findExistingAlgorithms(target.hostName(), target.port()));
        // The hop is opened on this thread, under its own deadline, before this connection's clock starts.
        SshConnection hop = target.route() instanceof Route.Jump jump ? pool.connect(jump.hop(), context) : null;
        Carrier opening = new Carrier();
        Opened opened = Handshake.run(
                target.toString(),
                target.connectTimeout(),
                context,
                opening::abort,
                progress -> open(target, check, hop, opening, progress, context),
                Opened::close);
        client = opened.client();
        carrier = opened.carrier();
        hostKey = check.presented();
        accepted.add(target.policy());
    }

    /** Runs on the handshake's thread: the route, banner, key exchange and authentication. */
    private Opened open(
            Endpoint target,
            HostKeyCheck check,
            SshConnection hop,
            Carrier opening,
            Handshake.Progress progress,
            StepContext context)
            throws StepFailure {
        SSHClient fresh = new SSHClient(pool.config());
        int timeoutMillis = (int) Math.min(target.connectTimeout().toMillis(), Integer.MAX_VALUE);
        fresh.setConnectTimeout(timeoutMillis);
        fresh.getTransport().setTimeoutMs(timeoutMillis);
        fresh.addHostKeyVerifier(check);
        KeepAlive keepAlive = fresh.getConnection().getKeepAlive();
        keepAlive.setKeepAliveInterval(KEEPALIVE_SECONDS);
        if (keepAlive instanceof KeepAliveRunner runner) {
            runner.setMaxAliveCount(KEEPALIVE_MISSES);
        }
        try {
            opening.connect(
                    fresh,
                    target.hostName(),
                    target.port(),
                    target.route(),
                    hop,
                    context.environment(),
                    target.connectTimeout(),
                    progress);
        } catch (TransportException e) {
            closeQuietly(fresh);
            opening.close();
            if (check.refusalMessage() != null) {
                throw new HostKeyRefused(check.refusalMessage());
            }
            throw new StepFailure("cannot connect to " + target + ": " + describe(e) + proxyErrors(opening), e);
        } catch (IOException e) {
            closeQuietly(fresh);
            opening.close();
            throw new StepFailure("cannot connect to " + target + ": " + describe(e) + proxyErrors(opening), e);
        }
        progress.phase("authenticating as " + target.user() + " on " + target);
        try {
            authenticate(fresh, target, progress);
        } catch (StepFailure e) {
            opening.close();
            throw e;
        }
        return new Opened(fresh, opening);
    }

    private static String proxyErrors(Carrier carrier) {
        String errors = carrier.diagnostics();
        return errors.isEmpty() ? "" : " (ProxyCommand said: " + errors.replace('\n', ' ') + ")";
    }

    private void authenticate(SSHClient fresh, Endpoint target, Handshake.Progress progress) throws StepFailure {
        List<AuthMethod> methods = new ArrayList<>();
        List<String> tried = new ArrayList<>();
        Authentication authentication = target.authentication();
        for (Path identity : authentication.identityFiles()) {
            if (!Files.isReadable(identity)) {
                continue;
            }
            try {
                methods.add(new AuthPublickey(fresh.loadKeys(
                        identity.toString(), untimed(pool.passphrases().finder(identity, lastContext), progress))));
                tried.add(identity.toString());
            } catch (IOException e) {
                throw new StepFailure("cannot read identity file " + identity + ": " + e.getMessage(), e);
            }
        }
        Path agentSocket = authentication.agent();
        if (agentSocket != null) {
            AgentClient agent = new AgentClient(agentSocket);
            try {
                List<byte[]> allowed =
                        authentication.identitiesOnly() ? publicBlobs(authentication.identityFiles()) : null;
                for (AgentClient.Identity identity : agent.identities()) {
                    if (allowed != null && allowed.stream().noneMatch(b -> Arrays.equals(b, identity.blob()))) {
                        continue;
                    }
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
                    + authentication.identityFiles() + ") and no SSH agent keys; set identity_file or start"
                    + " ssh-agent");
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
            throw new StepFailure(
                    "authentication as " + target.user() + " on " + target.hostName() + ":" + target.port()
                            + " failed; offered: " + String.join(", ", tried),
                    e);
        } catch (TransportException e) {
            closeQuietly(fresh);
            throw new StepFailure("connection to " + target + " failed during authentication: " + describe(e), e);
        }
    }

    /** A passphrase prompt with the handshake's clock stopped. */
    private static PasswordFinder untimed(PasswordFinder finder, Handshake.Progress progress) {
        return new PasswordFinder() {
            @Override
            public char[] reqPassword(Resource<?> resource) {
                return progress.untimed(() -> finder.reqPassword(resource));
            }

            @Override
            public boolean shouldRetry(Resource<?> resource) {
                return finder.shouldRetry(resource);
            }
        };
    }

    /** The public keys beside the identity files ({@code FILE.pub}), for IdentitiesOnly. */
    private static List<byte[]> publicBlobs(List<Path> identityFiles) {
        List<byte[]> blobs = new ArrayList<>();
        for (Path identity : identityFiles) {
            Path pub = identity.resolveSibling(identity.getFileName() + ".pub");
            try {
                String[] fields = Files.readString(pub).strip().split("\\s+");
                if (fields.length >= 2) {
                    blobs.add(Base64.getDecoder().decode(fields[1]));
                }
            } catch (IOException | IllegalArgumentException e) {
                // no readable public half: the agent's keys cannot be matched to this file
            }
        }
        return blobs;
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
