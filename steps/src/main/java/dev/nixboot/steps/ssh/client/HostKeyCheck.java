package dev.nixboot.steps.ssh.client;

import dev.nixboot.steps.ssh.knownhosts.HostKey;
import dev.nixboot.steps.ssh.knownhosts.KnownHosts;
import java.io.IOException;
import java.nio.file.Path;
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
    /** The name and port the key is looked up under: HostKeyAlias without a port, else the host's. */
    private final String host;

    private final int port;
    private volatile HostKey presented;
    private volatile String refusal;

    HostKeyCheck(HostKeyPolicy policy, String host, int port) {
        this.policy = policy;
        this.host = policy.alias() != null ? policy.alias() : host;
        this.port = policy.alias() != null ? 22 : port;
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
                for (Path file : policy.files()) {
                    keys.addAll(KnownHosts.read(file).keys(host, port));
                }
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
        Path file = null;
        try {
            KnownHosts.Check check = new KnownHosts.Check(KnownHosts.Verdict.UNKNOWN, List.of());
            List<HostKey> known = new ArrayList<>();
            for (Path each : policy.files()) {
                file = each;
                KnownHosts.Check inFile = KnownHosts.read(each).check(host, port, key);
                known.addAll(inFile.known());
                check = worse(check, inFile);
            }
            String files = policy.files().size() == 1
                    ? policy.files().get(0).toString()
                    : policy.files().isEmpty() ? "no known_hosts file" : "none of " + policy.files();
            switch (check.verdict()) {
                case KNOWN:
                    return null;
                case REVOKED:
                    return "host key " + key + " of " + where + " is marked @revoked in " + files
                            + "; refusing to connect";
                case CHANGED:
                    return "host key of " + where + " has CHANGED: " + files + " expects "
                            + known.stream().map(HostKey::toString).collect(Collectors.joining(" or "))
                            + ", the host presented " + key + ". Refusing to connect: someone may be intercepting"
                            + " the connection, or the host was reinstalled. If you expected the change, replace the"
                            + " entry with an ssh.known-hosts step (action: replace, hosts: [" + host + "]" + portHint()
                            + ", key: \"" + key.line() + "\")" + note();
                case UNKNOWN:
                default:
                    Path record = policy.recordTo();
                    if (policy.acceptNew() && record != null) {
                        file = record;
                        synchronized (KNOWN_HOSTS_WRITES) {
                            KnownHosts fresh = KnownHosts.read(record);
                            if (fresh.add(host, port, key, policy.hashNew())) {
                                fresh.write(record);
                            }
                        }
                        return null;
                    }
                    return "host key of " + where + " is not known (" + files
                            + (policy.files().size() == 1 ? " has no entry" : " has an entry") + "): the"
                            + " host presented " + key
                            + ". Check that fingerprint, then accept it with an ssh.known-hosts"
                            + " step (hosts: [" + host + "]" + portHint() + ", key: \"" + key.line()
                            + "\"), or on this step"
                            + " with host_key: \"" + key.line() + "\" or accept_new: true" + note();
            }
        } catch (IOException e) {
            return "cannot use known_hosts file " + file + ": " + e.getMessage();
        }
    }

    /** Several files: a revoked key anywhere wins, then a match anywhere, then a different key anywhere. */
    private static KnownHosts.Check worse(KnownHosts.Check a, KnownHosts.Check b) {
        return rank(b.verdict()) > rank(a.verdict()) ? b : a;
    }

    private static int rank(KnownHosts.Verdict verdict) {
        return switch (verdict) {
            case UNKNOWN -> 0;
            case CHANGED -> 1;
            case KNOWN -> 2;
            case REVOKED -> 3;
        };
    }

    private String note() {
        return policy.note() == null ? "" : ". " + policy.note();
    }

    private String portHint() {
        return port == 22 ? "" : ", port: " + port;
    }
}
