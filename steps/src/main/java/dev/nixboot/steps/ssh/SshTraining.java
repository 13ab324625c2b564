package dev.nixboot.steps.ssh;

import com.hierynomus.sshj.signature.SignatureEdDSA;
import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.mac.Macs;
import com.hierynomus.sshj.userauth.keyprovider.OpenSSHKeyV1KeyFile;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.KeyAgreement;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.transport.mac.MAC;

/**
 * An SSH server in miniature, for the training run of the start-up cache, which has no host to connect to. A first
 * connection in a fresh JVM spends most of its time loading and linking the JDK's and SSHJ's classes, so a cache that
 * has them makes it start sooner (README, "Start-up").
 *
 * <p>{@link #listen} answers, on a loopback port of this process, what a client's first command needs and nothing
 * more: a curve25519-sha256 key exchange signed with the host key in a file, the aes128-ctr and
 * hmac-sha2-512-etm transport nixboot prefers, public key authentication that accepts any key, and session channels
 * whose commands all print one line and exit 0. An {@code ssh.exec} step pointed at it goes through the same client
 * code as a real first command: host key check, authentication, a channel, output, exit status.
 */
public final class SshTraining {
    private static final String SERVER_VERSION = "SSH-2.0-nixboot_training";

    private SshTraining() {}

    /** A listener on 127.0.0.1 that serves one client after another, until closed. */
    public static final class Listener implements AutoCloseable {
        private final ServerSocket socket;
        private final Path hostKey;

        private Listener(ServerSocket socket, Path hostKey) {
            this.socket = socket;
            this.hostKey = hostKey;
            Thread thread = new Thread(this::serve, "nixboot-training-sshd");
            thread.setDaemon(true);
            thread.start();
        }

        public int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    client.setSoTimeout(5_000);
                    client.setTcpNoDelay(true);
                    new ServerSide(client.getInputStream(), client.getOutputStream()).serve(hostKey);
                } catch (IOException | GeneralSecurityException | RuntimeException e) {
                    // Closed, or a client that went away: either way the next one (if any) gets a fresh start.
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * Listens on a free loopback port. The host key is an unencrypted OpenSSH private key file (as the
     * {@code ssh-keygen} step writes), read when a client connects, so it may be made after the listener starts.
     */
    public static Listener listen(Path hostKey) throws IOException {
        return new Listener(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()), hostKey);
    }

    /** One client's connection, from the version lines to the client hanging up. */
    private static final class ServerSide {
        private final DataInputStream in;
        private final OutputStream out;
        private byte[] hostKeyBlob;
        private int sent;
        private int received;
        private Cipher encryption;
        private Cipher decryption;
        private MAC sendingMac;
        private MAC receivingMac;

        ServerSide(InputStream in, OutputStream out) {
            this.in = new DataInputStream(in);
            this.out = out;
        }

        void serve(Path hostKeyFile) throws IOException, GeneralSecurityException {
            out.write((SERVER_VERSION + "\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] serverOffer = offer();
            send(serverOffer);
            String clientVersion = versionLine();
            byte[] clientOffer = receive(Message.KEXINIT);
            Buffer.PlainBuffer init = new Buffer.PlainBuffer(receive(Message.KEXDH_INIT));
            init.readByte();
            byte[] clientEphemeral = init.readBytes();

            KeyPair ephemeral = KeyPairGenerator.getInstance("X25519").generateKeyPair();
            byte[] serverEphemeral = raw(ephemeral.getPublic());
            BigInteger shared = new BigInteger(1, agree(ephemeral.getPrivate(), KeyFactory.getInstance("X25519")
                    .generatePublic(new X509EncodedKeySpec(concat(X25519_X509_PREFIX, clientEphemeral)))));
            byte[] secret = new Buffer.PlainBuffer().putMPInt(shared).getCompactData();

            OpenSSHKeyV1KeyFile hostKey = new OpenSSHKeyV1KeyFile();
            hostKey.init(hostKeyFile.toFile());
            hostKeyBlob = new Buffer.PlainBuffer().putPublicKey(hostKey.getPublic()).getCompactData();
            byte[] exchangeHash = MessageDigest.getInstance("SHA-256").digest(new Buffer.PlainBuffer()
                    .putString(clientVersion).putString(SERVER_VERSION).putBytes(clientOffer).putBytes(serverOffer)
                    .putBytes(hostKeyBlob).putBytes(clientEphemeral).putBytes(serverEphemeral).putRawBytes(secret)
                    .getCompactData());
            SignatureEdDSA signer = (SignatureEdDSA) new SignatureEdDSA.Factory().create();
            signer.initSign(hostKey.getPrivate());
            signer.update(exchangeHash);
            byte[] signature = new Buffer.PlainBuffer().putString(signer.getSignatureName())
                    .putBytes(signer.encode(signer.sign())).getCompactData();
            send(reply(Message.KEXDH_31).putBytes(hostKeyBlob)
                    .putBytes(serverEphemeral).putBytes(signature).getCompactData());
            send(reply(Message.NEWKEYS));
            receive(Message.NEWKEYS);
            newKeys(secret, exchangeHash);

            for (;;) {
                Buffer.PlainBuffer message = new Buffer.PlainBuffer(receive());
                switch (Message.fromByte(message.readByte())) {
                    case SERVICE_REQUEST -> send(reply(Message.SERVICE_ACCEPT).putString(message.readString()));
                    case USERAUTH_REQUEST -> authenticate(message);
                    case GLOBAL_REQUEST -> {
                        message.readString();
                        if (message.readBoolean()) {
                            send(reply(Message.REQUEST_FAILURE));
                        }
                    }
                    case CHANNEL_OPEN -> {
                        message.readString();
                        // The channel takes the client's number on this side too, so replies need no table.
                        long channel = message.readUInt32();
                        send(reply(Message.CHANNEL_OPEN_CONFIRMATION).putUInt32(channel).putUInt32(channel)
                                .putUInt32(1 << 21).putUInt32(1 << 15));
                    }
                    case CHANNEL_REQUEST -> request(message);
                    case DISCONNECT -> {
                        return;
                    }
                    default -> {
                        // Window adjustments, the client's end of input, channel closes: nothing to answer.
                    }
                }
            }
        }

        /** Any public key is accepted: the client's side of the signature is what the cache needs. */
        private void authenticate(Buffer.PlainBuffer message) throws IOException {
            message.readString();
            message.readString();
            if (!message.readString().equals("publickey")) {
                send(reply(Message.USERAUTH_FAILURE).putString("publickey").putBoolean(false));
            } else if (!message.readBoolean()) {
                send(reply(Message.USERAUTH_60).putString(message.readString()).putBytes(message.readBytes()));
            } else {
                send(reply(Message.USERAUTH_SUCCESS));
                // As OpenSSH sends after authentication (UpdateHostKeys): the first global request a client handles.
                send(reply(Message.GLOBAL_REQUEST).putString("hostkeys-00@openssh.com").putBoolean(false)
                        .putBytes(hostKeyBlob));
            }
        }

        /** A command prints one line and exits 0; other requests (a terminal, environment variables) are declined. */
        private void request(Buffer.PlainBuffer message) throws IOException {
            long channel = message.readUInt32();
            String type = message.readString();
            boolean wantReply = message.readBoolean();
            if (!type.equals("exec")) {
                if (wantReply) {
                    send(reply(Message.CHANNEL_FAILURE).putUInt32(channel));
                }
                return;
            }
            if (wantReply) {
                send(reply(Message.CHANNEL_SUCCESS).putUInt32(channel));
            }
            send(reply(Message.CHANNEL_DATA).putUInt32(channel).putString("training\n"));
            send(reply(Message.CHANNEL_REQUEST).putUInt32(channel).putString("exit-status").putBoolean(false)
                    .putUInt32(0));
            send(reply(Message.CHANNEL_EOF).putUInt32(channel));
            send(reply(Message.CHANNEL_CLOSE).putUInt32(channel));
        }

        /** A payload that starts with its message type (SSHJ's packet keeps room for the header, left out here). */
        private static SSHPacket reply(Message type) {
            return new SSHPacket(type);
        }

        private static byte[] offer() {
            SSHPacket offer = reply(Message.KEXINIT).putRawBytes(new byte[16]);
            for (String list : List.of("curve25519-sha256", "ssh-ed25519", "aes128-ctr", "aes128-ctr",
                    "hmac-sha2-512-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "none", "none", "", "")) {
                offer.putString(list);
            }
            return offer.putBoolean(false).putUInt32(0).getCompactData();
        }

        private String versionLine() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("client went away");
                }
                line.append((char) c);
            }
            return line.toString().strip();
        }

        /**
         * Keys for both directions from the shared secret and the exchange hash (RFC 4253, section 7.2; the hash is
         * also the session identifier). Sequence numbers run on: the client asked for no strict key exchange.
         */
        private void newKeys(byte[] secret, byte[] exchangeHash) throws GeneralSecurityException {
            decryption = BlockCiphers.AES128CTR().create();
            decryption.init(Cipher.Mode.Decrypt, derive(secret, exchangeHash, 'C', 16),
                    derive(secret, exchangeHash, 'A', 16));
            encryption = BlockCiphers.AES128CTR().create();
            encryption.init(Cipher.Mode.Encrypt, derive(secret, exchangeHash, 'D', 16),
                    derive(secret, exchangeHash, 'B', 16));
            receivingMac = Macs.HMACSHA2512Etm().create();
            receivingMac.init(derive(secret, exchangeHash, 'E', receivingMac.getBlockSize()));
            sendingMac = Macs.HMACSHA2512Etm().create();
            sendingMac.init(derive(secret, exchangeHash, 'F', sendingMac.getBlockSize()));
        }

        private static byte[] derive(byte[] secret, byte[] exchangeHash, char letter, int size)
                throws GeneralSecurityException {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(secret);
            sha256.update(exchangeHash);
            sha256.update((byte) letter);
            sha256.update(exchangeHash);
            byte[] key = sha256.digest();
            while (key.length < size) {
                sha256.update(secret);
                sha256.update(exchangeHash);
                sha256.update(key);
                key = concat(key, sha256.digest());
            }
            return Arrays.copyOf(key, size);
        }

        private void send(Buffer<?> payload) throws IOException {
            send(payload.getCompactData());
        }

        /**
         * A binary packet (RFC 4253, section 6): in the clear during the key exchange; after it, encrypted with its
         * length left readable and a MAC over the sequence number, the length and the ciphertext (encrypt-then-MAC).
         */
        private void send(byte[] payload) throws IOException {
            int block = encryption == null ? 8 : 16;
            int inLength = encryption == null ? 5 : 1;
            int padding = block - (inLength + payload.length) % block;
            if (padding < 4) {
                padding += block;
            }
            int length = 1 + payload.length + padding;
            byte[] body = new byte[length];
            body[0] = (byte) padding;
            System.arraycopy(payload, 0, body, 1, payload.length);
            Buffer.PlainBuffer packet = new Buffer.PlainBuffer().putUInt32(length);
            if (encryption == null) {
                packet.putRawBytes(body);
            } else {
                encryption.update(body, 0, length);
                sendingMac.update(sent);
                sendingMac.update(length);
                sendingMac.update(body);
                packet.putRawBytes(body).putRawBytes(sendingMac.doFinal());
            }
            out.write(packet.getCompactData());
            out.flush();
            sent++;
        }

        private byte[] receive(Message type) throws IOException {
            byte[] payload = receive();
            if (payload.length == 0 || payload[0] != type.toByte()) {
                throw new IOException("expected message " + type);
            }
            return payload;
        }

        /** The payload of the next packet, its message type byte first. */
        private byte[] receive() throws IOException {
            int length = in.readInt();
            if (length < 5 || length > 1 << 18) {
                throw new IOException("bad packet length " + length);
            }
            byte[] body = new byte[length];
            in.readFully(body);
            if (decryption != null) {
                byte[] mac = new byte[receivingMac.getBlockSize()];
                in.readFully(mac);
                receivingMac.update(received);
                receivingMac.update(length);
                receivingMac.update(body);
                if (!MessageDigest.isEqual(mac, receivingMac.doFinal())) {
                    throw new IOException("bad MAC");
                }
                decryption.update(body, 0, length);
            }
            received++;
            return Arrays.copyOfRange(body, 1, length - body[0]);
        }
    }

    /** The DER header of an X.509 X25519 public key; the raw 32 bytes follow it. */
    private static final byte[] X25519_X509_PREFIX = HexFormat.of().parseHex("302a300506032b656e032100");

    /** An X25519 public key ends its X.509 encoding with the raw 32 bytes. */
    private static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static byte[] agree(PrivateKey ours, PublicKey theirs) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(ours);
        agreement.doPhase(theirs, true);
        return agreement.generateSecret();
    }
}
