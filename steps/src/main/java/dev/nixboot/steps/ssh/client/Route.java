package dev.nixboot.steps.ssh.client;

import static java.util.Objects.requireNonNull;

/** How the bytes of a connection get to the host: straight over TCP, through a jump host, or through a command. */
public sealed interface Route {
    /** What a shared connection is told apart by: two routes to one address may end at different machines. */
    String key();

    /**
     * A TCP connection from here.
     *
     * @param addressFamily AddressFamily: any, inet or inet6
     * @param attempts ConnectionAttempts: how often the TCP connect is tried, a second apart
     */
    record Direct(String addressFamily, int attempts) implements Route {
        public Direct {
            requireNonNull(addressFamily, "addressFamily");
        }

        @Override
        public String key() {
            return "direct";
        }
    }

    /** A {@code direct-tcpip} channel on the (shared, authenticated) connection to a jump host. */
    record Jump(Endpoint hop) implements Route {
        public Jump {
            requireNonNull(hop, "hop");
        }

        @Override
        public String key() {
            return "via " + hop.key();
        }
    }

    /**
     * A ProxyCommand: its standard input and output carry the connection.
     *
     * @param command the command line, tokens expanded and {@code exec} in front, as ssh hands it to the shell
     * @param shell the shell that runs it: {@code SHELL}, else /bin/sh
     */
    record Command(String command, String shell) implements Route {
        public Command {
            requireNonNull(command, "command");
            requireNonNull(shell, "shell");
        }

        @Override
        public String key() {
            return "command " + command;
        }
    }
}
