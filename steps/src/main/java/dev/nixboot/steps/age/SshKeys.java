package dev.nixboot.steps.age;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds SSH keys in text as users paste or collect it: public key lines ({@code ssh-ed25519 AAAA... comment}),
 * {@code known_hosts} lines (markers and host patterns before the key), {@code ssh-keyscan} output (its {@code #}
 * banner lines are skipped), and OpenSSH private key blocks.
 */
final class SshKeys {
    static final String ED25519 = "ssh-ed25519";
    private static final Pattern PRIVATE_BLOCK =
            Pattern.compile("-----BEGIN OPENSSH PRIVATE KEY-----.*?-----END OPENSSH PRIVATE KEY-----", Pattern.DOTALL);
    private static final Pattern KEY_TYPE = Pattern.compile("(ssh|ecdsa|sk|rsa)-[A-Za-z0-9@.+-]+");

    /** A public key found on one line: its type, its raw key data (for ed25519 the 32-byte point) and a label. */
    record PublicKey(String type, byte[] key, String label) {}

    /** What the text held: public keys in order of appearance and OpenSSH private key blocks. */
    record Found(List<PublicKey> publicKeys, List<String> privateBlocks) {}

    private SshKeys() {}

    /** Reads keys from the text; throws {@link IllegalArgumentException} naming the first line that is no key. */
    static Found read(String text) {
        List<String> privateBlocks = new ArrayList<>();
        Matcher blocks = PRIVATE_BLOCK.matcher(text);
        while (blocks.find()) {
            privateBlocks.add(blocks.group());
        }
        String rest = blocks.replaceAll("");
        if (rest.contains("PRIVATE KEY-----")) {
            throw new IllegalArgumentException(
                    "only OpenSSH private keys (BEGIN OPENSSH PRIVATE KEY) are supported; convert others with ssh-keygen -p");
        }
        List<PublicKey> keys = new ArrayList<>();
        String[] lines = rest.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            PublicKey key = parseLine(line);
            if (key == null) {
                throw new IllegalArgumentException("line " + (n + 1)
                        + " is not an SSH public key, known_hosts or ssh-keyscan line: " + abbreviate(line));
            }
            keys.add(key);
        }
        return new Found(keys, privateBlocks);
    }

    private static PublicKey parseLine(String line) {
        String[] tokens = line.split("\\s+");
        for (int i = 0; i + 1 < tokens.length; i++) {
            if (!KEY_TYPE.matcher(tokens[i]).matches()) {
                continue;
            }
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(tokens[i + 1]);
            } catch (IllegalArgumentException e) {
                continue;
            }
            ByteBuffer buffer = ByteBuffer.wrap(blob);
            try {
                String type = new String(readString(buffer), StandardCharsets.US_ASCII);
                if (!type.equals(tokens[i])) {
                    return null;
                }
                byte[] key = type.equals(ED25519) ? readString(buffer) : blob;
                String label = i > 0 ? tokens[i - 1] : (i + 2 < tokens.length ? tokens[i + 2] : type);
                return new PublicKey(type, key, label);
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static byte[] readString(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalArgumentException("truncated key data");
        }
        byte[] out = new byte[length];
        buffer.get(out);
        return out;
    }

    private static String abbreviate(String line) {
        return line.length() <= 40 ? line : line.substring(0, 40) + "...";
    }
}
