package dev.nixboot.steps.ssh.client;

import static java.util.Objects.requireNonNull;

import dev.nixboot.steps.ssh.knownhosts.KnownHosts;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how to connect, with the SSH client configuration and defaults already applied.
 *
 * @param user the remote user
 * @param host the name the playbook used (a {@code Host} alias, a DNS name or an address)
 * @param hostName the name or address actually connected to ({@code HostName}, else {@code host})
 * @param port the TCP port
 * @param authentication the keys to offer
 * @param policy how the host key is verified
 * @param forwardAgent whether commands get access to a local agent
 * @param forwardedAgent the agent socket forwarded, or null for {@code SSH_AUTH_SOCK}'s
 * @param connectTimeout how long the whole handshake may take: TCP connect (or tunnel), SSH banner, key exchange and
 *     authentication
 * @param route how the bytes get there
 */
public record Endpoint(
        String user,
        String host,
        String hostName,
        int port,
        Authentication authentication,
        HostKeyPolicy policy,
        boolean forwardAgent,
        Path forwardedAgent,
        Duration connectTimeout,
        Route route) {
    public Endpoint {
        requireNonNull(user, "user");
        requireNonNull(host, "host");
        requireNonNull(hostName, "hostName");
        requireNonNull(authentication, "authentication");
        requireNonNull(policy, "policy");
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(route, "route");
    }

    /**
     * What a connection is shared by: user, address, port, route, and whether it forwards the agent — sshd offers a
     * forwarded agent to every later session of a connection, so steps that did not ask for it get a connection of
     * their own.
     */
    public Key key() {
        return new Key(user, hostName, port, forwardAgent, route.key());
    }

    /** How known_hosts names the host: HostKeyAlias without a port, else {@code host} or {@code [host]:port}. */
    public String knownHostsName() {
        return policy.alias() != null ? policy.alias() : KnownHosts.name(hostName, port);
    }

    /** {@code user@host:port}, for messages. */
    @Override
    public String toString() {
        return user + "@" + hostName + ":" + port
                + (route instanceof Route.Jump jump
                        ? " (via " + jump.hop() + ")"
                        : route instanceof Route.Command ? " (via ProxyCommand)" : "");
    }

    /** The identity of a shared connection. */
    public record Key(String user, String hostName, int port, boolean forwardAgent, String route) {}
}
