package dev.nixboot.steps.ssh.client;

import dev.nixboot.steps.ssh.knownhosts.HostKey;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Fetches the host key a server presents, without trusting it and without authenticating: the key exchange is
 * stopped as soon as the key has been received.
 */
public final class HostKeyScanner {
    private HostKeyScanner() {}

    /** The key algorithms to offer for a key type as users name it: ed25519, ecdsa or rsa. */
    public static List<String> algorithms(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "ed25519", "ssh-ed25519" -> List.of("ssh-ed25519");
            case "ecdsa", "ecdsa-sha2-nistp256" -> List.of("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
                    "ecdsa-sha2-nistp521");
            case "rsa", "ssh-rsa" -> List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa");
            default -> throw new IllegalArgumentException("unknown key type '" + type + "': use ed25519, ecdsa or rsa");
        };
    }

    /**
     * The host's key of that type.
     *
     * @throws IOException with a message a user can act on when the host cannot be reached or has no such key
     */
    public static HostKey scan(String host, int port, String type, Duration timeout) throws IOException {
        List<String> wanted = algorithms(type);
        Providers.forAlgorithms(wanted);
        ModernConfig config = new ModernConfig();
        config.setKeyAlgorithms(config.getKeyAlgorithms().stream().filter(f -> wanted.contains(f.getName())).toList());
        AtomicReference<HostKey> seen = new AtomicReference<>();
        try (SSHClient client = new SSHClient(config)) {
            client.setSocketFactory(new NoDelaySocketFactory());
            client.setConnectTimeout((int) timeout.toMillis());
            client.getTransport().setTimeoutMs((int) timeout.toMillis());
            client.addHostKeyVerifier(new HostKeyVerifier() {
                @Override
                public boolean verify(String hostname, int ignoredPort, PublicKey key) {
                    seen.set(HostKey.of(key));
                    // Refusing ends the exchange here: nothing is trusted and no credentials are sent.
                    return false;
                }

                @Override
                public List<String> findExistingAlgorithms(String hostname, int ignoredPort) {
                    return wanted;
                }
            });
            try {
                client.connect(host, port);
            } catch (IOException e) {
                if (seen.get() == null) {
                    String cause = SshConnection.describe(e);
                    if (cause.contains("no common") || cause.toLowerCase(Locale.ROOT).contains("negotiat")) {
                        throw new IOException(host + ":" + port + " has no " + type + " host key", e);
                    }
                    throw new IOException("cannot reach " + host + ":" + port + ": " + cause, e);
                }
            }
        }
        return seen.get();
    }
}
