package dev.nixboot.steps.ssh;

import dev.nixboot.steps.ssh.knownhosts.HostKey;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A new ed25519 key pair written the way {@code ssh-keygen -t ed25519 -N ''} writes it: the unencrypted
 * {@code openssh-key-v1} private key format and a one-line public key.
 */
final class OpenSshKeyPair {
    private static final String TYPE = "ssh-ed25519";
    private final byte[] publicKey;
    private final byte[] seed;

    private OpenSshKeyPair(byte[] publicKey, byte[] seed) {
        this.publicKey = publicKey;
        this.seed = seed;
    }

    static OpenSshKeyPair generate() throws GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] x509 = pair.getPublic().getEncoded();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        // Both encodings end with the raw 32 bytes: the public point, and the private seed.
        return new OpenSshKeyPair(
                Arrays.copyOfRange(x509, x509.length - 32, x509.length),
                Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length));
    }

    HostKey publicKey() {
        return new HostKey(TYPE, Base64.getEncoder().encodeToString(publicBlob()));
    }

    /** {@code ssh-ed25519 AAAA... comment}. */
    String publicLine(String comment) {
        return publicKey().line() + (comment.isEmpty() ? "" : " " + comment) + "\n";
    }

    /** The PEM-armoured {@code openssh-key-v1} private key. */
    String privatePem(String comment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII));
        string(out, "none".getBytes(StandardCharsets.US_ASCII));
        string(out, "none".getBytes(StandardCharsets.US_ASCII));
        string(out, new byte[0]);
        out.writeBytes(ByteBuffer.allocate(4).putInt(1).array());
        string(out, publicBlob());

        ByteArrayOutputStream secret = new ByteArrayOutputStream();
        int check = new SecureRandom().nextInt();
        secret.writeBytes(ByteBuffer.allocate(8).putInt(check).putInt(check).array());
        string(secret, TYPE.getBytes(StandardCharsets.US_ASCII));
        string(secret, publicKey);
        byte[] both = new byte[64];
        System.arraycopy(seed, 0, both, 0, 32);
        System.arraycopy(publicKey, 0, both, 32, 32);
        string(secret, both);
        string(secret, comment.getBytes(StandardCharsets.UTF_8));
        for (int pad = 1; secret.size() % 8 != 0; pad++) {
            secret.write(pad);
        }
        string(out, secret.toByteArray());

        String body = Base64.getMimeEncoder(70, new byte[] {'\n'}).encodeToString(out.toByteArray());
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + body + "\n-----END OPENSSH PRIVATE KEY-----\n";
    }

    private byte[] publicBlob() {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        string(blob, TYPE.getBytes(StandardCharsets.US_ASCII));
        string(blob, publicKey);
        return blob.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}
