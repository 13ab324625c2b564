package dev.nixboot.steps.ssh.knownhosts;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/**
 * A public key as OpenSSH writes it: the type name and the base64 of the key blob. Two keys are equal when type and
 * blob are, which is what host key checking needs; no parsing into a {@link PublicKey} is required.
 *
 * @param type such as {@code ssh-ed25519}
 * @param base64 the key blob, base64 encoded
 */
public record HostKey(String type, String base64) {
    // Compiled once: a host_key parameter is parsed again by every step that connects.
    private static final Pattern BLANKS = Pattern.compile("\\s+");
    private static final Pattern TYPE = Pattern.compile("[a-z0-9@.-]+");

    public HostKey {
        requireNonNull(type, "type");
        requireNonNull(base64, "base64");
    }

    /** The key a server presented during key exchange. */
    public static HostKey of(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        return new HostKey(KeyType.fromKey(key).toString(), Base64.getEncoder().encodeToString(blob));
    }

    /**
     * Reads {@code TYPE BASE64 [comment]}, as in a {@code .pub} file, the output of {@code ssh-keyscan} without the
     * host, or a {@code host_key} parameter.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static HostKey parse(String line) {
        String[] fields = BLANKS.split(line.strip());
        if (fields.length < 2 || !TYPE.matcher(fields[0]).matches()) {
            throw new IllegalArgumentException(
                    "not a public key line (expected 'TYPE BASE64', such as 'ssh-ed25519 AAAAC3...'): "
                            + abbreviate(line));
        }
        String embeddedType;
        try {
            embeddedType = new Buffer.PlainBuffer(Base64.getDecoder().decode(fields[1])).readString();
        } catch (IllegalArgumentException | Buffer.BufferException e) {
            throw new IllegalArgumentException("not a valid base64 key blob in: " + abbreviate(line), e);
        }
        if (!embeddedType.equals(fields[0])) {
            throw new IllegalArgumentException(
                    "public key says '" + fields[0] + "' but holds a '" + embeddedType + "' key: " + abbreviate(line));
        }
        return new HostKey(fields[0], fields[1]);
    }

    /** The blob decoded. */
    public byte[] blob() {
        return Base64.getDecoder().decode(base64);
    }

    /** {@code SHA256:...} exactly as {@code ssh-keygen -lf} and {@code ssh} print it. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob());
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** {@code TYPE BASE64}, as known_hosts and authorized_keys hold it. */
    public String line() {
        return type + " " + base64;
    }

    /** The algorithm names a client may negotiate to receive this key, most preferred first. */
    public List<String> algorithms() {
        return switch (type) {
            case "ssh-rsa" -> List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa");
            default -> List.of(type);
        };
    }

    @Override
    public String toString() {
        return type + " " + fingerprint();
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replace('\n', ' ');
        return oneLine.length() > 60 ? oneLine.substring(0, 57) + "..." : oneLine;
    }
}
