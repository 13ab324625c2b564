package dev.nixboot.steps.ssh.client;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;

/**
 * What carries one connection's bytes along its {@link Route} — a TCP socket, a tunnel through a jump host or a
 * ProxyCommand — opened for an SSHJ client, and closed with it. {@link #abort()} may come from any thread at any
 * moment: it ends a connect, a read or a tunnel that is waiting, and whatever is opened after it is closed at once.
 */
final class Carrier implements Closeable {
    private volatile Closeable held;
    private volatile boolean aborted;

    /**
     * Opens the route and starts SSHJ on it: banner and key exchange, not authentication.
     *
     * @param hop the open connection to the jump host, for a {@link Route.Jump}; null otherwise
     */
    void connect(
            SSHClient client,
            String hostName,
            int port,
            Route route,
            SshConnection hop,
            Map<String, String> environment,
            Duration timeout,
            Handshake.Progress progress)
            throws IOException {
        String where = hostName + ":" + port;
        if (route instanceof Route.Direct direct) {
            Socket socket = tcp(hostName, port, direct, timeout, progress);
            progress.phase("waiting for the SSH banner and key exchange of " + where
                    + " (TCP connected; does the peer speak SSH?)");
            client.setSocketFactory(new ConnectedSocketFactory(socket));
            client.connect(hostName, port);
        } else if (route instanceof Route.Command command) {
            progress.phase("starting ProxyCommand for " + where);
            CommandSocket socket = hold(CommandSocket.start(command, environment));
            progress.phase("waiting for the SSH banner and key exchange of " + where + " through ProxyCommand");
            client.setSocketFactory(new ConnectedSocketFactory(socket));
            client.connect(hostName, port);
        } else if (route instanceof Route.Jump jump) {
            progress.phase("opening a tunnel to " + where + " through " + jump.hop());
            DirectConnection tunnel = hold(hop.tunnel(hostName, port));
            progress.phase("waiting for the SSH banner and key exchange of " + where + " through " + jump.hop());
            client.connectVia(tunnel);
        }
    }

    /**
     * A TCP connection to the first address of the wanted family that answers, trying them all up to
     * {@code attempts} times a second apart (ssh.c {@code ssh_connect_direct}).
     */
    private Socket tcp(String hostName, int port, Route.Direct route, Duration timeout, Handshake.Progress progress)
            throws IOException {
        progress.phase("looking up " + hostName);
        List<InetAddress> addresses = Arrays.stream(InetAddress.getAllByName(hostName))
                .filter(a -> route.addressFamily().equals("inet")
                        ? a instanceof Inet4Address
                        : !route.addressFamily().equals("inet6") || a instanceof Inet6Address)
                .toList();
        if (addresses.isEmpty()) {
            throw new IOException(hostName + " has no " + (route.addressFamily().equals("inet") ? "IPv4" : "IPv6")
                    + " address (AddressFamily " + route.addressFamily() + ")");
        }
        IOException last = null;
        for (int attempt = 1; attempt <= route.attempts(); attempt++) {
            for (InetAddress address : addresses) {
                progress.phase("connecting to " + hostName + ":" + port + " (TCP)");
                Socket socket = hold(new NoDelaySocketFactory().createSocket());
                try {
                    // Named, so SSHJ and messages never need a reverse lookup.
                    InetAddress named = InetAddress.getByAddress(hostName, address.getAddress());
                    socket.connect(new InetSocketAddress(named, port), (int) Math.max(timeout.toMillis(), 1));
                    return socket;
                } catch (IOException e) {
                    socket.close();
                    if (aborted) {
                        throw e;
                    }
                    last = e;
                }
            }
            if (attempt < route.attempts()) {
                sleep();
            }
        }
        throw last;
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Keeps what was opened so an abort can close it; closes it at once when the abort came first. */
    private <T extends Closeable> T hold(T carrier) throws IOException {
        held = carrier;
        if (aborted) {
            closeQuietly(carrier);
            throw new IOException("the connection was given up");
        }
        return carrier;
    }

    /** What the ProxyCommand wrote to standard error, for a failure message; empty otherwise. */
    String diagnostics() {
        return held instanceof CommandSocket command ? command.errors() : "";
    }

    /** Ends the opening: from any thread, any number of times. */
    void abort() {
        aborted = true;
        Closeable current = held;
        if (current instanceof DirectConnection tunnel) {
            // Ends a read waiting on the tunnel at once; closing the channel waits for the jump host.
            closeQuietly(tunnel.getInputStream());
        }
        if (current != null) {
            closeQuietly(current);
        }
    }

    @Override
    public void close() {
        Closeable current = held;
        if (current != null) {
            closeQuietly(current);
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException ignored) {
            // closing what is being given up: there is nothing left to do with it
        }
    }
}
