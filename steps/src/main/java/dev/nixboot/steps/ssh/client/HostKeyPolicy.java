package dev.nixboot.steps.ssh.client;

import dev.nixboot.steps.ssh.knownhosts.HostKey;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * How a connection decides to trust a host key. Strict by default: the key must be in a known_hosts file.
 *
 * @param knownHosts the user's known_hosts files, consulted in order; under {@code acceptNew} a new key is recorded
 *     in the first
 * @param globalKnownHosts the system-wide files, consulted after them and never written
 * @param expected when set, the only key accepted, whatever known_hosts says
 * @param acceptNew whether a host no file has a key for is trusted on first sight and recorded; a changed key is
 *     refused all the same
 * @param hashNew whether a recorded key's host name is hashed (HashKnownHosts)
 * @param alias HostKeyAlias: the name the key is looked up and recorded under, without a port; null for the host's
 * @param note what a refusal adds, such as that the configuration asked for no checking; null for nothing
 */
public record HostKeyPolicy(
        List<Path> knownHosts,
        List<Path> globalKnownHosts,
        HostKey expected,
        boolean acceptNew,
        boolean hashNew,
        String alias,
        String note) {
    public HostKeyPolicy {
        knownHosts = List.copyOf(knownHosts);
        globalKnownHosts = List.copyOf(globalKnownHosts);
    }

    /** The files consulted: the user's, then the system's. */
    List<Path> files() {
        return Stream.concat(knownHosts.stream(), globalKnownHosts.stream()).toList();
    }

    /** The file new keys are recorded in: the first user file, or null when there is none. */
    Path recordTo() {
        return knownHosts.isEmpty() ? null : knownHosts.get(0);
    }

    /** The name of the policy, for messages and plans. */
    public String describe() {
        if (expected != null) {
            return "host key must be " + expected.fingerprint();
        }
        return (acceptNew ? "known or new hosts (recorded in " : "known hosts only (") + files() + ")";
    }
}
