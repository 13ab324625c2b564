package dev.nixboot.steps.ssh.client;

import dev.nixboot.steps.ssh.knownhosts.HostKey;
import dev.nixboot.steps.ssh.knownhosts.KnownHosts;
import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Applies a {@link HostKeyPolicy} to the key a server presents, and keeps the reason for a refusal so the user reads
 * it instead of SSHJ's generic "could not verify host key".
 */
final class HostKeyCheck implements HostKeyVerifier {
    /** Serializes appends from parallel steps accepting new hosts into one file. */
    private static final Object KNOWN_HOSTS_WRITES = new Object();

    private final HostKeyPolicy policy;
    private final String host;
    private final int port;
    private volatile HostKey presented;
    private volatile String refusal;

    HostKeyCheck(HostKeyPolicy policy, String host, int port) {
        this.policy = policy;
        this.host = host;
        this.port = port;
    }

    @Override
    public boolean verify(String hostname, int ignoredPort, PublicKey key) {
        presented = HostKey.of(key);
        refusal = refusal(presented);
        return refusal == null;
    }

    /**
     * Lets SSHJ ask the server for the key types we already know, so a host known by its ed25519 key is not
     * reported unknown because it offered ECDSA first.
     */
    @Override
    public List<String> findExistingAlgorithms(String hostname, int ignoredPort) {
        List<HostKey> keys = new ArrayList<>();
        if (policy.expected() != null) {
            keys.add(policy.expected());
        } else {
            try {
                keys.addAll(KnownHosts.read(policy.knownHosts()).keys(host, port));
            } catch (IOException e) {
                return List.of();
            }
        }
        Set<String> algorithms = new LinkedHashSet<>();
        keys.forEach(k -> algorithms.addAll(k.algorithms()));
        return List.copyOf(algorithms);
    }

    HostKey presented() {
        return presented;
    }

    String refusalMessage() {
        return refusal;
    }

    /** Null when the key is trusted, otherwise what the user reads: why, both fingerprints, and what to do. */
    String refusal(HostKey key) {
        String where = KnownHosts.name(host, port);
        if (policy.expected() != null) {
            if (policy.expected().equals(key)) {
                return null;
            }
            return "host key of " + where + " does not match host_key: expected " + policy.expected()
                    + ", the host presented " + key + "; refusing to connect";
        }
        try {
            KnownHosts knownHosts = KnownHosts.read(policy.knownHosts());
            KnownHosts.Check check = knownHosts.check(host, port, key);
            switch (check.verdict()) {
                case KNOWN:
                    return null;
                case REVOKED:
                    return "host key " + key + " of " + where + " is marked @revoked in " + policy.knownHosts()
                            + "; refusing to connect";
                case CHANGED:
                    return "host key of " + where + " has CHANGED: " + policy.knownHosts() + " expects "
                            + check.known().stream().map(HostKey::toString).collect(Collectors.joining(" or "))
                            + ", the host presented " + key + ". Refusing to connect: someone may be intercepting"
                            + " the connection, or the host was reinstalled. If you expected the change, replace the"
                            + " entry with a known-hosts step (action: replace, hosts: [" + host + "]" + portHint()
                            + ", key: \"" + key.line() + "\")";
                case UNKNOWN:
                default:
                    if (policy.acceptNew()) {
                        synchronized (KNOWN_HOSTS_WRITES) {
                            KnownHosts fresh = KnownHosts.read(policy.knownHosts());
                            if (fresh.add(host, port, key, false)) {
                                fresh.write(policy.knownHosts());
                            }
                        }
                        return null;
                    }
                    return "host key of " + where + " is not known (" + policy.knownHosts() + " has no entry): the"
                            + " host presented " + key + ". Check that fingerprint, then accept it with a known-hosts"
                            + " step (hosts: [" + host + "]" + portHint() + ", key: \"" + key.line() + "\"), or on this step"
                            + " with host_key: \"" + key.line() + "\" or accept_new: true";
            }
        } catch (IOException e) {
            return "cannot use known_hosts file " + policy.knownHosts() + ": " + e.getMessage();
        }
    }

    private String portHint() {
        return port == 22 ? "" : ", port: " + port;
    }
}
