package dev.nixboot.steps.ssh.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Hands SSHJ a socket nixboot has already connected (with its own attempts and address family) or a
 * {@link CommandSocket}: SSHJ skips its own connect for a socket that is connected.
 */
final class ConnectedSocketFactory extends SocketFactory {
    private final Socket socket;

    ConnectedSocketFactory(Socket socket) {
        this.socket = socket;
    }

    @Override
    public Socket createSocket() {
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw new IOException("only the prepared socket is available");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw new IOException("only the prepared socket is available");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        throw new IOException("only the prepared socket is available");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        throw new IOException("only the prepared socket is available");
    }
}
