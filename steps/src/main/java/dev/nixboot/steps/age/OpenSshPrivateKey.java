package dev.nixboot.steps.age;

import com.hierynomus.sshj.userauth.keyprovider.OpenSSHKeyV1KeyFile;
import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * Reads the Ed25519 seed out of an OpenSSH private key block with SSHJ, which also decrypts passphrase-protected
 * keys (bcrypt KDF). The passphrase is asked for only when the key turns out to be encrypted.
 */
final class OpenSshPrivateKey {

    /** Supplies the passphrase when needed; may fail with a user-facing message. */
    interface Passphrase {
        char[] get() throws Exception;
    }

    /** The key's type and, for ed25519, its 32-byte seed and 32-byte public point. */
    record Key(String type, byte[] seed, byte[] publicKey) {}

    private OpenSshPrivateKey() {}

    static Key read(String block, Passphrase passphrase) throws Exception {
        OpenSSHKeyV1KeyFile file = new OpenSSHKeyV1KeyFile();
        Asker asker = new Asker(passphrase);
        file.init(new StringReader(block), null, asker);
        PrivateKey key;
        try {
            key = file.getPrivate();
        } catch (IOException e) {
            if (asker.failure != null) {
                throw asker.failure;
            }
            throw new IOException(
                    asker.asked
                            ? "could not decrypt the private key: wrong passphrase?"
                            : "could not read the private key: " + e.getMessage(),
                    e);
        } finally {
            asker.clear();
        }
        String algorithm = key.getAlgorithm();
        if (!algorithm.equalsIgnoreCase("Ed25519") && !algorithm.equalsIgnoreCase("EdDSA")) {
            return new Key(algorithm, null, null);
        }
        // An X.509 Ed25519 public key ends with the 32-byte point.
        byte[] encoded = file.getPublic().getEncoded();
        return new Key(SshKeys.ED25519, seed(key), Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }

    private static byte[] seed(PrivateKey key) throws IOException {
        if (key instanceof EdECPrivateKey edec && edec.getBytes().isPresent()) {
            return edec.getBytes().get();
        }
        // Other providers: PKCS#8 (RFC 8410) puts the seed right after the Ed25519 OID, as OCTET STRING { OCTET STRING
        // }.
        byte[] encoded = key.getEncoded();
        byte[] marker = {0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
        for (int i = 0; i + marker.length + 32 <= encoded.length; i++) {
            if (Arrays.equals(encoded, i, i + marker.length, marker, 0, marker.length)) {
                byte[] seed = Arrays.copyOfRange(encoded, i + marker.length, i + marker.length + 32);
                Arrays.fill(encoded, (byte) 0);
                return seed;
            }
        }
        throw new IOException("unexpected ed25519 private key encoding");
    }

    /** Bridges SSHJ's callback, which may not throw, to a passphrase source that may. */
    private static final class Asker implements PasswordFinder {
        private final Passphrase passphrase;
        private char[] answer;
        private Exception failure;
        private boolean asked;

        Asker(Passphrase passphrase) {
            this.passphrase = passphrase;
        }

        @Override
        public char[] reqPassword(Resource<?> resource) {
            asked = true;
            try {
                answer = passphrase.get();
                // SSHJ clears the array it is given, so hand it a copy and keep ours to clear later.
                return answer == null ? null : answer.clone();
            } catch (Exception e) {
                failure = e;
                return null;
            }
        }

        @Override
        public boolean shouldRetry(Resource<?> resource) {
            return false;
        }

        void clear() {
            if (answer != null) {
                Arrays.fill(answer, '\0');
            }
        }
    }
}
