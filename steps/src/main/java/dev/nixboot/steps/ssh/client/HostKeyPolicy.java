package dev.nixboot.steps.ssh.client;

import static java.util.Objects.requireNonNull;

import dev.nixboot.steps.ssh.knownhosts.HostKey;
import java.nio.file.Path;

/**
 * How a connection decides to trust a host key. Strict by default: the key must be in the known_hosts file.
 *
 * @param knownHosts the known_hosts file consulted (and, under {@code acceptNew}, appended to); never /dev/null
 * @param expected when set, the only key accepted, whatever known_hosts says
 * @param acceptNew whether a host known_hosts has no key for is trusted on first sight and recorded there; a changed
 *     key is refused all the same
 */
public record HostKeyPolicy(Path knownHosts, HostKey expected, boolean acceptNew) {
    public HostKeyPolicy {
        requireNonNull(knownHosts, "knownHosts");
    }

    /** The name of the policy, for messages and plans. */
    public String describe() {
        if (expected != null) {
            return "host key must be " + expected.fingerprint();
        }
        return (acceptNew ? "known or new hosts (recorded in " : "known hosts only (") + knownHosts + ")";
    }
}
