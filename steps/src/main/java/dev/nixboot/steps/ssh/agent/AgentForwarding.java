package dev.nixboot.steps.ssh.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.Connection;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.Channel;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.SessionChannel;
import net.schmizz.sshj.connection.channel.forwarded.AbstractForwardedChannel;
import net.schmizz.sshj.connection.channel.forwarded.AbstractForwardedChannelOpener;
import net.schmizz.sshj.transport.TransportException;

/**
 * OpenSSH agent forwarding ({@code ForwardAgent}), which SSHJ lacks: a session asks for it with
 * {@code auth-agent-req@openssh.com}, and each {@code auth-agent@openssh.com} channel the server then opens is piped
 * to the local agent's socket. The rebuild on a target needs it to fetch private repositories with the user's keys.
 */
public final class AgentForwarding extends AbstractForwardedChannelOpener {
    static final String CHANNEL_TYPE = "auth-agent@openssh.com";
    private final Path agentSocket;

    private AgentForwarding(Connection connection, Path agentSocket) {
        super(CHANNEL_TYPE, connection);
        this.agentSocket = agentSocket;
    }

    /** Lets the server open agent channels on this connection, piped to the local agent. Once per connection. */
    public static void install(Connection connection, Path agentSocket) {
        connection.attach(new AgentForwarding(connection, agentSocket));
    }

    /** A session channel that can ask for agent forwarding before it starts a command. */
    public static final class ForwardingSession extends SessionChannel {
        public ForwardingSession(Connection connection) {
            super(connection);
        }

        public void requestAgentForwarding() throws ConnectionException, TransportException {
            sendChannelRequest("auth-agent-req@openssh.com", true, new Buffer.PlainBuffer())
                    .await(conn.getTimeoutMs(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void handleOpen(SSHPacket packet) throws ConnectionException, TransportException {
        try {
            AgentChannel channel =
                    new AgentChannel(conn, packet.readUInt32AsInt(), packet.readUInt32(), packet.readUInt32());
            callListener(this::pipe, channel);
        } catch (Buffer.BufferException e) {
            throw new ConnectionException(e);
        }
    }

    private void pipe(Channel.Forwarded channel) throws IOException {
        SocketChannel agent;
        try {
            agent = SocketChannel.open(StandardProtocolFamily.UNIX);
            agent.connect(UnixDomainSocketAddress.of(agentSocket));
        } catch (IOException e) {
            channel.reject(OpenFailException.Reason.CONNECT_FAILED, "no SSH agent at " + agentSocket);
            return;
        }
        channel.confirm();
        // Raw channel reads and writes: the streams of java.nio.channels.Channels share one lock per channel, so a
        // blocked read would stop the other direction's writes.
        daemon(
                () -> {
                    byte[] buffer = new byte[8192];
                    try (InputStream from = channel.getInputStream()) {
                        int n;
                        while ((n = from.read(buffer)) != -1) {
                            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                            while (chunk.hasRemaining()) {
                                agent.write(chunk);
                            }
                        }
                    } finally {
                        agent.close();
                    }
                },
                channel);
        daemon(
                () -> {
                    ByteBuffer buffer = ByteBuffer.allocate(8192);
                    try (OutputStream to = channel.getOutputStream()) {
                        while (agent.read(buffer.clear()) != -1) {
                            to.write(buffer.array(), 0, buffer.position());
                            to.flush();
                        }
                    }
                },
                channel);
    }

    private interface Copy {
        void run() throws IOException;
    }

    private static void daemon(Copy copy, Channel channel) {
        Thread thread = new Thread(
                () -> {
                    try {
                        copy.run();
                    } catch (IOException ignored) {
                        // One side closed: the agent conversation is over.
                    } finally {
                        try {
                            channel.close();
                        } catch (IOException ignored) {
                            // Already closed by the other direction.
                        }
                    }
                },
                "ssh-agent-forwarding");
        thread.setDaemon(true);
        thread.start();
    }

    /** The channel the server opens for each use of the forwarded agent. */
    private static final class AgentChannel extends AbstractForwardedChannel {
        AgentChannel(Connection connection, int recipient, long windowSize, long maxPacketSize) {
            super(connection, CHANNEL_TYPE, recipient, windowSize, maxPacketSize, "", 0);
        }
    }
}
