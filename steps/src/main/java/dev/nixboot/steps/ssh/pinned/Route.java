package dev.nixboot.steps.ssh.pinned;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One way nixos-anywhere logs in to the target: as this user on this port. ssh tells a ProxyCommand the route only
 * through the tokens {@code %r} and {@code %p}, so each route is a script of that name.
 *
 * @param user the remote user
 * @param port the port on the target, which is also where its own sshd listens on 127.0.0.1
 */
record Route(String user, int port) {
    Route {
        requireNonNull(user, "user");
    }

    /**
     * nixos-anywhere logs in as the user it was given on {@code --ssh-port}; after kexec, as root on
     * {@code --post-kexec-ssh-port} ({@code src/nixos-anywhere.sh}:818-831 at 91fc9b7). On an installer it does not
     * kexec, so the second route is then simply never taken.
     */
    static List<Route> of(PinnedProxyParameters parameters) {
        Set<Route> routes = new LinkedHashSet<>();
        routes.add(new Route(parameters.user(), parameters.port()));
        routes.add(new Route("root", parameters.postKexecPort()));
        return List.copyOf(routes);
    }

    /** The script's file name, and what ssh makes of {@code %r@%p}. */
    String name() {
        return user + "@" + port;
    }
}
