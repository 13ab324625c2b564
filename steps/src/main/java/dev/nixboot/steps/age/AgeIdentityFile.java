package dev.nixboot.steps.age;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.KeyAgreement;

/** An age identity file in the format {@code age-keygen} writes: two comment lines and the secret key. */
final class AgeIdentityFile {
    private static final String PREFIX = "AGE-SECRET-KEY-1";

    private AgeIdentityFile() {}

    /** Writes a new identity to the file (0600, replacing it atomically) and returns its recipient. */
    static String create(Path file) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Java 17 always has X25519", e);
        }
        byte[] scalar = ((XECPrivateKey) pair.getPrivate()).getScalar().orElseThrow();
        String recipient = AgeKeys.recipientFromX25519(((XECPublicKey) pair.getPublic()).getU());
        String identity = AgeKeys.identityFromX25519Scalar(scalar);
        Arrays.fill(scalar, (byte) 0);
        String created = OffsetDateTime.now(ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        String content = "# created: " + created + "\n# public key: " + recipient + "\n" + identity + "\n";
        Path parent = file.getParent();
        Files.createDirectories(parent);
        // Written to a private temporary file first, so the secret is never readable by others, not even briefly.
        Path temporary = Files.createTempFile(
                parent,
                ".age-keygen-",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, content, StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return recipient;
    }

    /** The recipient of the first identity in an existing file, computed from the secret key itself. */
    static String recipientOf(Path file) throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            String trimmed = line.strip();
            if (trimmed.toUpperCase(Locale.ROOT).startsWith(PREFIX)) {
                Bech32.Decoded decoded = Bech32.decode(trimmed);
                if (!decoded.hrp().equals(AgeKeys.IDENTITY_HRP) || decoded.values().length != 52) {
                    throw new IllegalArgumentException("the AGE-SECRET-KEY line is not a valid age identity");
                }
                return AgeKeys.recipientFromX25519(publicOf(decoded.bytes()));
            }
        }
        throw new IllegalArgumentException(
                "exists but holds no AGE-SECRET-KEY-1 line; move it away or set overwrite: true");
    }

    /** X25519(scalar, 9): the public key, computed as a key agreement with the base point. */
    private static BigInteger publicOf(byte[] scalar) {
        try {
            KeyFactory factory = KeyFactory.getInstance("X25519");
            PrivateKey key = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
            PublicKey base =
                    factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9)));
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(key);
            agreement.doPhase(base, true);
            byte[] littleEndian = agreement.generateSecret();
            byte[] bigEndian = new byte[littleEndian.length];
            for (int i = 0; i < littleEndian.length; i++) {
                bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
            }
            return new BigInteger(1, bigEndian);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the identity is not a usable X25519 key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(scalar, (byte) 0);
        }
    }
}
