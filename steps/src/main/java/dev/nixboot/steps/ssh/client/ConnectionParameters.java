package dev.nixboot.steps.ssh.client;

import java.time.Duration;

/**
 * The connection parameters every SSH step shares. Step parameter records implement this interface simply by having
 * components of these names.
 */
public interface ConnectionParameters {
    /** The host name, address or {@code ~/.ssh/config} alias. */
    String host();

    /** The port; null for {@code ~/.ssh/config}'s, else 22. */
    Integer port();

    /** The remote user; null for {@code ~/.ssh/config}'s, else the local user. */
    String user();

    /** A private key file to authenticate with, besides the agent; null for {@code ~/.ssh/config}'s or defaults. */
    String identityFile();

    /** The known_hosts file; null for {@code ~/.ssh/known_hosts}. */
    String knownHosts();

    /** The only host key to accept ({@code ssh-ed25519 AAAA...}); null to use known_hosts. */
    String hostKey();

    /** Whether an unknown host's key is accepted and recorded in known_hosts. */
    boolean acceptNew();

    /** Whether the remote side may use the local SSH agent. */
    default boolean forwardAgent() {
        return false;
    }

    /** How long to wait for a connection and key exchange; null for the default. */
    default Duration connectTimeout() {
        return null;
    }
}
