package dev.nixboot.steps.ssh.client;

import java.nio.file.Path;
import java.util.List;

/**
 * How nixboot logs in: public keys only.
 *
 * @param identityFiles private keys to offer, in order, before the agent's (missing ones are skipped, as by ssh)
 * @param identitiesOnly IdentitiesOnly: offer only agent keys whose public half is beside an identity file
 * @param agent the agent socket to ask for keys, or null for none
 */
public record Authentication(List<Path> identityFiles, boolean identitiesOnly, Path agent) {
    public Authentication {
        identityFiles = List.copyOf(identityFiles);
    }
}
