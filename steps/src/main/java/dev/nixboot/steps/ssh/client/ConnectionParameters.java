package dev.nixboot.steps.ssh.client;

import java.time.Duration;

/**
 * The connection parameters every SSH step shares. Step parameter records implement this interface simply by having
 * components of these names.
 */
public interface ConnectionParameters {
    /** The {@code jump_host} parameter's description, one text for every step that has it. */
    String JUMP_HOST = "Jump hosts to connect through, as ssh -J and ProxyJump take them: '[user@]host[:port]', several"
            + " separated by commas, each with its host key checked against known_hosts; 'none' ignores ~/.ssh/config's"
            + " ProxyJump (as ssh -J none does); default: ~/.ssh/config's ProxyJump or ProxyCommand";
    /** One hop: {@code [ssh://][user@]host[:port]}, an address with colons in brackets. */
    String JUMP_HOP = "(?:ssh://)?(?:[^@,\\s]+@)?"
            + "(?:\\[[^\\]\\s,/]+\\]|[^-\\s:,@\\[\\]/][^\\s:,@\\[\\]/]*)(?::[0-9]{1,5})?/?";
    /** {@code none}, or hops separated by commas. */
    String JUMP_HOST_PATTERN = "none|" + JUMP_HOP + "(?:," + JUMP_HOP + ")*";
    String JUMP_HOST_MESSAGE = "must be [user@]host[:port], several separated by commas, or none";

    /** The host name, address or {@code ~/.ssh/config} alias. */
    String host();

    /** The port; null for {@code ~/.ssh/config}'s, else 22. */
    Integer port();

    /** The remote user; null for {@code ~/.ssh/config}'s, else the local user. */
    String user();

    /** A private key file to authenticate with, besides the agent; null for {@code ~/.ssh/config}'s or defaults. */
    String identityFile();

    /** The known_hosts file; null for {@code ~/.ssh/config}'s, else {@code ~/.ssh/known_hosts}. */
    String knownHosts();

    /** The only host key to accept ({@code ssh-ed25519 AAAA...}); null to use known_hosts. */
    String hostKey();

    /** Whether an unknown host's key is accepted and recorded in known_hosts. */
    boolean acceptNew();

    /** Jump hosts as ProxyJump writes them, or {@code none}; null for {@code ~/.ssh/config}'s. */
    default String jumpHost() {
        return null;
    }

    /** Whether the remote side may use the local SSH agent. */
    default boolean forwardAgent() {
        return false;
    }

    /** How long the whole handshake may take; null for {@code ~/.ssh/config}'s ConnectTimeout, else 15 s. */
    default Duration connectTimeout() {
        return null;
    }
}
