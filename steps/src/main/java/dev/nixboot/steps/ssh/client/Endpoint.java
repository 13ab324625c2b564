package dev.nixboot.steps.ssh.client;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where and how to connect, with {@code ~/.ssh/config} and defaults already applied.
 *
 * @param user the remote user
 * @param host the name the playbook used (a {@code Host} alias, a DNS name or an address)
 * @param hostName the name or address actually connected to ({@code HostName}, else {@code host})
 * @param port the TCP port
 * @param identityFiles private keys to offer, in order, before the agent's
 * @param policy how the host key is verified
 * @param forwardAgent whether commands get access to the local agent
 * @param connectTimeout how long to wait for TCP connect and key exchange
 */
public record Endpoint(String user, String host, String hostName, int port, List<Path> identityFiles,
        HostKeyPolicy policy, boolean forwardAgent, Duration connectTimeout) {
    public Endpoint {
        requireNonNull(user, "user");
        requireNonNull(host, "host");
        requireNonNull(hostName, "hostName");
        requireNonNull(policy, "policy");
        requireNonNull(connectTimeout, "connectTimeout");
        identityFiles = List.copyOf(identityFiles);
    }

    /**
     * What a connection is shared by: user, address, port, and whether it forwards the agent — sshd offers a forwarded
     * agent to every later session of a connection, so steps that did not ask for it get a connection of their own.
     */
    public Key key() {
        return new Key(user, hostName, port, forwardAgent);
    }

    /** {@code user@host:port}, for messages. */
    @Override
    public String toString() {
        return user + "@" + hostName + ":" + port;
    }

    /** The identity of a shared connection. */
    public record Key(String user, String hostName, int port, boolean forwardAgent) {}
}
