package dev.nixboot.steps.git.ssh;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.common.Buffer;

/**
 * A client for the SSH agent protocol (draft-miller-ssh-agent) over the agent's Unix socket: list its keys, have it
 * sign. Private keys stay in the agent; only signatures cross the socket.
 */
final class SshAgent {
    private static final byte REQUEST_IDENTITIES = 11;
    private static final byte IDENTITIES_ANSWER = 12;
    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;
    private static final int MAX_MESSAGE = 256 * 1024;

    /** A key the agent holds: its wire-format blob (how the agent names it) and the decoded key. */
    record Identity(byte[] blob, PublicKey key, String comment) {}

    private final Path socket;

    SshAgent(Path socket) {
        this.socket = socket;
    }

    /** The keys the agent offers, skipping kinds SSHJ cannot use (security keys, say). */
    List<Identity> identities() throws IOException {
        Buffer.PlainBuffer answer = request(REQUEST_IDENTITIES, new byte[0], IDENTITIES_ANSWER);
        List<Identity> identities = new ArrayList<>();
        try {
            long count = answer.readUInt32();
            for (long i = 0; i < count; i++) {
                byte[] blob = answer.readBytes();
                String comment = answer.readString();
                try {
                    identities.add(new Identity(blob, new Buffer.PlainBuffer(blob).readPublicKey(), comment));
                } catch (Buffer.BufferException | RuntimeException e) {
                    // a key type SSHJ does not know: the agent may still hold others that work
                }
            }
        } catch (Buffer.BufferException e) {
            throw new IOException("malformed answer from the SSH agent", e);
        }
        return identities;
    }

    /** The agent's signature (algorithm name and signature, as SSH puts them on the wire) over the data. */
    byte[] sign(byte[] blob, byte[] data, int flags) throws IOException {
        byte[] payload = new Buffer.PlainBuffer().putBytes(blob).putBytes(data).putUInt32(flags).getCompactData();
        try {
            return request(SIGN_REQUEST, payload, SIGN_RESPONSE).readBytes();
        } catch (Buffer.BufferException e) {
            throw new IOException("malformed signature from the SSH agent", e);
        }
    }

    private Buffer.PlainBuffer request(byte type, byte[] payload, byte expected) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.allocate(5 + payload.length);
            out.putInt(1 + payload.length).put(type).put(payload).flip();
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ByteBuffer length = read(channel, 4);
            int size = length.getInt();
            if (size < 1 || size > MAX_MESSAGE) {
                throw new IOException("the SSH agent sent a message of " + size + " bytes");
            }
            ByteBuffer message = read(channel, size);
            byte answer = message.get();
            if (answer != expected) {
                throw new IOException("the SSH agent refused (answer " + answer + ")");
            }
            byte[] rest = new byte[message.remaining()];
            message.get(rest);
            return new Buffer.PlainBuffer(rest);
        }
    }

    private static ByteBuffer read(SocketChannel channel, int size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("the SSH agent closed the connection");
            }
        }
        return buffer.flip();
    }
}
