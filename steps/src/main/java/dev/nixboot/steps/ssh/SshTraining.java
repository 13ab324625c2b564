package dev.nixboot.steps.ssh;

import com.hierynomus.sshj.signature.SignatureEdDSA;
import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.mac.Macs;
import dev.nixboot.steps.ssh.client.SshConnections;
import java.io.DataInputStream;
import java.math.BigInteger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.KeyAgreement;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.transport.mac.MAC;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * What an SSH connection does, without a server: for the training run of the start-up cache, which has no host to
 * connect to. A first connection in a fresh JVM spends most of its time loading and linking the JDK's and SSHJ's
 * classes, so a cache that has them makes it start sooner (README, "Start-up").
 *
 * <p>{@link #exercise} computes in memory what a connection computes after the key exchange: ed25519 keys read from an
 * identity file and signatures, AES-CTR with an HMAC, the random source, packets; the keys are thrown away.
 * {@link #listen} answers, on a loopback port of this process, the protocol up to the end of the key exchange, with
 * a host key made for the occasion; so an {@code ssh.exec} step pointed at it goes through the real connection code
 * as far as a host whose key is not the one trusted, which it refuses, as the step would refuse such a host.
 */
public final class SshTraining {
    private static final int KEXINIT = 20;
    private static final int KEX_ECDH_INIT = 30;
    private static final int KEX_ECDH_REPLY = 31;

    private SshTraining() {}

    /** A listener on 127.0.0.1 that plays an SSH server's key exchange to each client, one after another. */
    public static final class Listener implements AutoCloseable {
        private final ServerSocket socket;

        private Listener(ServerSocket socket) {
            this.socket = socket;
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
                    answer(client.getInputStream(), client.getOutputStream());
                } catch (IOException | GeneralSecurityException e) {
                    // Closed, or a client that went away: either way the next one (if any) gets a fresh start.
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    public static Listener listen() throws IOException {
        return new Listener(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    }

    /**
     * The server's side of a curve25519-sha256 key exchange (RFC 8731) with an ed25519 host key made for the occasion:
     * the client checks the signature over the exchange hash, then asks its host key policy, which refuses a key it
     * has never seen; the client then hangs up. Returns normally once the reply is sent and the client has gone.
     */
    private static void answer(InputStream in, OutputStream out) throws IOException, GeneralSecurityException {
        String serverVersion = "SSH-2.0-nixboot_training";
        out.write((serverVersion + "\r\n").getBytes(StandardCharsets.US_ASCII));
        Buffer.PlainBuffer offer = new Buffer.PlainBuffer();
        offer.putByte((byte) KEXINIT).putRawBytes(new byte[16]);
        for (String list : List.of("curve25519-sha256", "ssh-ed25519", "aes128-ctr", "aes128-ctr",
                "hmac-sha2-256-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "none", "none", "", "")) {
            offer.putString(list);
        }
        offer.putBoolean(false).putUInt32(0);
        byte[] serverOffer = offer.getCompactData();
        out.write(packet(serverOffer));
        out.flush();

        DataInputStream packets = new DataInputStream(in);
        String clientVersion = versionLine(packets);
        byte[] clientOffer = payload(packets, KEXINIT);
        Buffer.PlainBuffer init = new Buffer.PlainBuffer(payload(packets, KEX_ECDH_INIT));
        init.readByte();
        byte[] clientEphemeral = init.readBytes();

        KeyPair ephemeral = generate("X25519");
        byte[] serverEphemeral = raw(ephemeral.getPublic());
        BigInteger shared = new BigInteger(1, agree(ephemeral.getPrivate(), KeyFactory.getInstance("X25519")
                .generatePublic(new X509EncodedKeySpec(concat(X25519_X509_PREFIX, clientEphemeral)))));

        KeyPair hostKey = generate("Ed25519");
        byte[] hostKeyBlob = new Buffer.PlainBuffer().putString("ssh-ed25519").putBytes(raw(hostKey.getPublic()))
                .getCompactData();
        byte[] exchangeHash = MessageDigest.getInstance("SHA-256").digest(new Buffer.PlainBuffer()
                .putString(clientVersion).putString(serverVersion).putBytes(clientOffer).putBytes(serverOffer)
                .putBytes(hostKeyBlob).putBytes(clientEphemeral).putBytes(serverEphemeral).putMPInt(shared)
                .getCompactData());
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(hostKey.getPrivate());
        signer.update(exchangeHash);
        byte[] signature = new Buffer.PlainBuffer().putString("ssh-ed25519").putBytes(signer.sign()).getCompactData();

        out.write(packet(new Buffer.PlainBuffer().putByte((byte) KEX_ECDH_REPLY).putBytes(hostKeyBlob)
                .putBytes(serverEphemeral).putBytes(signature).getCompactData()));
        out.flush();
        while (in.read() >= 0) {
            // whatever the client says on its way out
        }
    }

    /** The DER header of an X.509 X25519 public key; the raw 32 bytes follow it. */
    private static final byte[] X25519_X509_PREFIX = HexFormat.of().parseHex("302a300506032b656e032100");

    private static String versionLine(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("client went away");
            }
            line.append((char) c);
        }
        return line.toString().strip();
    }

    /** The payload of the next packet (its message type byte first), which must be of this type. */
    private static byte[] payload(DataInputStream in, int type) throws IOException {
        byte[] packet = new byte[in.readInt()];
        in.readFully(packet);
        byte[] payload = Arrays.copyOfRange(packet, 1, packet.length - packet[0]);
        if (payload.length == 0 || payload[0] != type) {
            throw new IOException("expected message " + type);
        }
        return payload;
    }

    /** Both X25519 and Ed25519 public keys end their X.509 encoding with the raw 32 bytes. */
    private static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** An unencrypted binary packet (RFC 4253, section 6): length, padding length, payload, padding to 8 bytes. */
    private static byte[] packet(byte[] payload) {
        int padding = 8 - (5 + payload.length) % 8;
        if (padding < 4) {
            padding += 8;
        }
        Buffer.PlainBuffer packet = new Buffer.PlainBuffer();
        packet.putUInt32(1 + payload.length + padding).putByte((byte) padding).putRawBytes(payload)
                .putRawBytes(new byte[padding]);
        return packet.getCompactData();
    }

    public static void exercise() throws IOException, GeneralSecurityException {
        Config config = SshConnections.newConfig();
        try (SSHClient client = new SSHClient(config)) {
            config.getRandomFactory().create().fill(new byte[16]);
            // The key exchange itself is trained by a connection to the listener; what follows it is not.
            // An identity file as ssh-keygen writes it, read by SSHJ, signing what authentication signs; the host
            // key's signature over the exchange hash is checked the same way.
            OpenSshKeyPair pair = OpenSshKeyPair.generate();
            KeyProvider keys = client.loadKeys(pair.privatePem("training"), pair.publicLine("training"), null);
            byte[] data = "session identifier".getBytes(StandardCharsets.US_ASCII);
            SignatureEdDSA signer = (SignatureEdDSA) new SignatureEdDSA.Factory().create();
            signer.initSign(keys.getPrivate());
            signer.update(data);
            byte[] signature = signer.encode(signer.sign());
            SignatureEdDSA verifier = (SignatureEdDSA) new SignatureEdDSA.Factory().create();
            verifier.initVerify(keys.getPublic());
            verifier.update(data);
            verifier.verify(new Buffer.PlainBuffer().putString(signer.getSignatureName()).putBytes(signature)
                    .getCompactData());

            // A packet, encrypted and authenticated the way the transport does it.
            SSHPacket packet = new SSHPacket(Message.CHANNEL_DATA);
            packet.putUInt32(0).putString(data).putBoolean(true);
            byte[] bytes = new Buffer.PlainBuffer(packet).getCompactData();
            Cipher cipher = BlockCiphers.AES128CTR().create();
            cipher.init(Cipher.Mode.Encrypt, new byte[cipher.getBlockSize() * 2], new byte[cipher.getIVSize()]);
            byte[] padded = new byte[(bytes.length / cipher.getBlockSize() + 1) * cipher.getBlockSize()];
            System.arraycopy(bytes, 0, padded, 0, bytes.length);
            cipher.update(padded, 0, padded.length);
            MAC mac = Macs.HMACSHA2256Etm().create();
            mac.init(new byte[mac.getBlockSize()]);
            mac.update(padded);
            mac.doFinal();
        }
    }

    private static KeyPair generate(String algorithm) throws GeneralSecurityException {
        return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
    }

    private static byte[] agree(PrivateKey ours, PublicKey theirs) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(ours);
        agreement.doPhase(theirs, true);
        return agreement.generateSecret();
    }
}
