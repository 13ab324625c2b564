package dev.nixboot.steps.age;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Turns Ed25519 SSH keys into age X25519 keys, as {@code ssh-to-age} does: the public point is mapped from its
 * Edwards form to its Montgomery u-coordinate, the private seed to the scalar Ed25519 itself signs with.
 */
final class AgeKeys {
    static final String RECIPIENT_HRP = "age";
    static final String IDENTITY_HRP = "age-secret-key-";

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    // d = -121665 / 121666, the Edwards curve constant, needed only to check the point is on the curve.
    private static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P))
            .mod(P);

    private AgeKeys() {}

    /**
     * The age recipient ({@code age1...}) for a 32-byte Ed25519 public key: u = (1 + y) / (1 - y) mod p, written
     * 32 bytes little-endian.
     */
    static String recipientFromEd25519(byte[] publicKey) {
        if (publicKey.length != 32) {
            throw new IllegalArgumentException("an ed25519 public key has 32 bytes, this one " + publicKey.length);
        }
        byte[] bigEndian = reverse(publicKey);
        bigEndian[0] &= 0x7f; // the top bit is the sign of x, not part of y
        BigInteger y = new BigInteger(1, bigEndian);
        if (y.compareTo(P) >= 0 || !onCurve(y)) {
            throw new IllegalArgumentException("the ed25519 public key is not a point on the curve");
        }
        BigInteger denominator = BigInteger.ONE.subtract(y).mod(P);
        if (denominator.signum() == 0) {
            throw new IllegalArgumentException("the ed25519 public key is the identity point");
        }
        BigInteger u = BigInteger.ONE.add(y).multiply(denominator.modInverse(P)).mod(P);
        return Bech32.encode(RECIPIENT_HRP, littleEndian32(u));
    }

    /** The age recipient for a 32-byte little-endian X25519 public u-coordinate. */
    static String recipientFromX25519(BigInteger u) {
        return Bech32.encode(RECIPIENT_HRP, littleEndian32(u));
    }

    /**
     * The age identity ({@code AGE-SECRET-KEY-1...}) for a 32-byte Ed25519 seed: the first half of SHA-512(seed), the
     * scalar Ed25519 uses, left unclamped because X25519 clamps it anyway.
     */
    static String identityFromEd25519Seed(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("an ed25519 seed has 32 bytes, this one " + seed.length);
        }
        byte[] hash = sha512(seed);
        byte[] scalar = Arrays.copyOf(hash, 32);
        Arrays.fill(hash, (byte) 0);
        try {
            return identityFromX25519Scalar(scalar);
        } finally {
            Arrays.fill(scalar, (byte) 0);
        }
    }

    /** The age identity for a raw 32-byte X25519 scalar. */
    static String identityFromX25519Scalar(byte[] scalar) {
        // bech32 is computed over the lowercase prefix; age writes identities upper-cased.
        return Bech32.encode(IDENTITY_HRP, scalar).toUpperCase(Locale.ROOT);
    }

    private static boolean onCurve(BigInteger y) {
        // -x^2 + y^2 = 1 + d x^2 y^2  =>  x^2 = (y^2 - 1) / (d y^2 + 1); a point exists when that is a square.
        BigInteger y2 = y.multiply(y).mod(P);
        BigInteger x2 = y2.subtract(BigInteger.ONE)
                .multiply(D.multiply(y2).add(BigInteger.ONE).modInverse(P))
                .mod(P);
        if (x2.signum() == 0) {
            return true;
        }
        // Euler's criterion: x2 is a square mod p exactly when x2^((p-1)/2) == 1.
        return x2.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE);
    }

    private static byte[] littleEndian32(BigInteger value) {
        byte[] bigEndian = value.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < bigEndian.length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }

    private static byte[] reverse(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }

    private static byte[] sha512(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-512", e);
        }
    }
}
