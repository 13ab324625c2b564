package dev.nixboot.steps.ssh.agent;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of the SSH agent protocol (draft-miller-ssh-agent) over the agent's Unix socket: lists the agent's keys
 * and has it sign. Private keys never leave the agent. Each call uses a fresh socket, which costs microseconds and
 * keeps the client free of shared state.
 */
public final class AgentClient {
    private static final byte REQUEST_IDENTITIES = 11;
    private static final byte IDENTITIES_ANSWER = 12;
    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;
    /** Flags asking for rsa-sha2-256 / rsa-sha2-512 signatures instead of SHA-1 ones. */
    static final int RSA_SHA2_256 = 2;

    static final int RSA_SHA2_512 = 4;

    private final Path socket;

    public AgentClient(Path socket) {
        this.socket = socket;
    }

    /** A key the agent holds: its public key blob and the comment it was added with. */
    public record Identity(byte[] blob, String comment) {
        /** The key type named inside the blob, such as {@code ssh-ed25519}. */
        public String type() {
            ByteBuffer buffer = ByteBuffer.wrap(blob);
            byte[] name = new byte[buffer.getInt()];
            buffer.get(name);
            return new String(name, StandardCharsets.US_ASCII);
        }
    }

    public Path socket() {
        return socket;
    }

    public List<Identity> identities() throws IOException {
        ByteBuffer reply = call(new byte[] {REQUEST_IDENTITIES}, IDENTITIES_ANSWER);
        int count = reply.getInt();
        List<Identity> identities = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] blob = string(reply);
            identities.add(new Identity(blob, new String(string(reply), StandardCharsets.UTF_8)));
        }
        return identities;
    }

    /** The agent's signature of {@code data}, as the SSH signature blob ({@code string format, string sig}). */
    public byte[] sign(byte[] blob, byte[] data, int flags) throws IOException {
        ByteBuffer request = ByteBuffer.allocate(1 + 4 + blob.length + 4 + data.length + 4);
        request.put(SIGN_REQUEST)
                .putInt(blob.length)
                .put(blob)
                .putInt(data.length)
                .put(data)
                .putInt(flags);
        return string(call(request.array(), SIGN_RESPONSE));
    }

    private ByteBuffer call(byte[] message, byte expected) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.allocate(4 + message.length)
                    .putInt(message.length)
                    .put(message)
                    .flip();
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ByteBuffer length = readFully(channel, 4);
            int size = length.getInt();
            if (size <= 0 || size > 256 * 1024) {
                throw new IOException("SSH agent at " + socket + " sent a malformed answer");
            }
            ByteBuffer reply = readFully(channel, size);
            byte type = reply.get();
            if (type != expected) {
                throw new IOException("SSH agent at " + socket + " refused the request (answer type " + type + ")");
            }
            return reply;
        }
    }

    private static ByteBuffer readFully(SocketChannel channel, int size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("SSH agent closed the connection");
            }
        }
        return buffer.flip();
    }

    private static byte[] string(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.getInt()];
        buffer.get(bytes);
        return bytes;
    }
}
