package dev.nixboot.steps.git.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.SocketFactory;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * Opens authenticated SSHJ connections with nixboot's policy: host keys strictly from a known_hosts file (an unknown
 * or changed key is refused, never added), public-key authentication with the agent and identity files. This is the
 * one piece to replace when git should share the SSH steps' connections.
 */
public final class SshConnector {

    /** Supplies a key passphrase when one is needed; may fail with a message for the user. */
    public interface Passphrase {
        char[] get() throws Exception;
    }

    /**
     * @param knownHosts the file host keys are checked against
     * @param identity a private key to use, or null for the agent and the usual keys in {@code sshDirectory}
     * @param sshDirectory where {@code id_ed25519}, {@code id_ecdsa} and {@code id_rsa} are looked for
     * @param agentSocket the SSH agent's socket ({@code SSH_AUTH_SOCK}), or null
     * @param passphrase asked for an encrypted identity file
     */
    public record Settings(Path knownHosts, Path identity, Path sshDirectory, String agentSocket, Passphrase passphrase) {}
    // TODO(shared ssh stack): agent authentication comes with the SSH steps' connector; until then only key files.

    private static final int DEFAULT_PORT = 22;
    private final Settings settings;

    public SshConnector(Settings settings) {
        this.settings = settings;
    }

    /** Connects and authenticates; failures are {@link IOException}s whose message a user can act on. */
    public SSHClient connect(String host, int port, String user, int timeoutMillis) throws IOException {
        int effectivePort = port > 0 ? port : DEFAULT_PORT;
        StrictKnownHosts verifier = new StrictKnownHosts(settings.knownHosts());
        SSHClient client = new SSHClient();
        boolean done = false;
        try {
            // SSHJ leaves Nagle on, which costs ~40 ms for every small request/response on the pack protocol.
            client.setSocketFactory(new NoDelaySocketFactory());
            client.setConnectTimeout(timeoutMillis);
            client.setTimeout(timeoutMillis);
            client.addHostKeyVerifier(verifier);
            try {
                client.connect(host, effectivePort);
            } catch (TransportException e) {
                if (verifier.problem != null) {
                    throw new IOException(verifier.problem, e);
                }
                throw e;
            }
            authenticate(client, user, host);
            done = true;
            return client;
        } finally {
            if (!done) {
                client.close();
            }
        }
    }

    private void authenticate(SSHClient client, String user, String host) throws IOException {
        List<KeyProvider> keys = new ArrayList<>();
        if (settings.identity() != null) {
            if (!Files.isReadable(settings.identity())) {
                throw new IOException("identity file " + settings.identity() + " does not exist or is not readable");
            }
            keys.add(client.loadKeys(settings.identity().toString(), finder()));
        } else {
            for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
                Path file = settings.sshDirectory().resolve(name);
                if (Files.isReadable(file)) {
                    keys.add(client.loadKeys(file.toString(), finder()));
                }
            }
        }
        if (keys.isEmpty()) {
            throw new IOException("no SSH key to log in to " + host + ": no identity file given and none in "
                    + settings.sshDirectory());
        }
        try {
            client.authPublickey(user, keys);
        } catch (UserAuthException e) {
            throw new IOException(user + "@" + host + " refused every key offered (" + keys.size() + ")", e);
        }
    }

    private PasswordFinder finder() {
        return new PasswordFinder() {
            @Override
            public char[] reqPassword(Resource<?> resource) {
                try {
                    return settings.passphrase().get();
                } catch (Exception e) {
                    return null;
                }
            }

            @Override
            public boolean shouldRetry(Resource<?> resource) {
                return false;
            }
        };
    }

    /** SHA256:... as OpenSSH prints it, so users can compare with {@code ssh-keygen -lf}. */
    static String fingerprint(PublicKey key) {
        byte[] wire = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(wire);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** known_hosts without trust on first use: remembers why a key was refused so the error can say so. */
    private static final class StrictKnownHosts extends OpenSSHKnownHosts {
        private String problem;

        StrictKnownHosts(Path file) throws IOException {
            super(file.toFile());
        }

        @Override
        protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
            problem = "host key of " + hostname + " is not in " + khFile + " (" + KeyType.fromKey(key) + " "
                    + fingerprint(key) + "); add it there first, e.g. with ssh-keyscan after checking the fingerprint";
            return false;
        }

        @Override
        protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
            problem = "host key of " + hostname + " CHANGED: it now presents " + KeyType.fromKey(key) + " "
                    + fingerprint(key) + ", which differs from " + khFile + "; refusing to connect";
            return false;
        }
    }

    private static final class NoDelaySocketFactory extends SocketFactory {
        private final SocketFactory delegate = SocketFactory.getDefault();

        @Override
        public Socket createSocket() throws IOException {
            Socket socket = delegate.createSocket();
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }
    }
}
