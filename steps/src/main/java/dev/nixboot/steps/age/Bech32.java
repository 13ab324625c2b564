package dev.nixboot.steps.age;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Classic bech32 as specified by BIP-173 (constant 1, not bech32m's), which is what age uses for its keys. Unlike
 * BIP-173, age does not limit the length to 90 characters, so neither does this.
 */
final class Bech32 {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    /** A decoded string: the human-readable part (lowercase) and the data as 5-bit values. */
    record Decoded(String hrp, byte[] values) {
        /** The data as bytes; throws {@link IllegalArgumentException} when the 5-bit groups do not fill whole bytes. */
        byte[] bytes() {
            return convertBits(values, 5, 8, false);
        }
    }

    private Bech32() {}

    /** Encodes bytes under a lowercase human-readable part. */
    static String encode(String hrp, byte[] data) {
        return encodeValues(hrp, convertBits(data, 8, 5, true));
    }

    /** Encodes 5-bit values under a lowercase human-readable part. */
    static String encodeValues(String hrp, byte[] values) {
        if (!hrp.equals(hrp.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("the human-readable part must be lowercase");
        }
        byte[] checksum = checksum(hrp, values);
        StringBuilder out = new StringBuilder(hrp.length() + 1 + values.length + 6)
                .append(hrp)
                .append('1');
        for (byte v : values) {
            out.append(CHARSET.charAt(v));
        }
        for (byte v : checksum) {
            out.append(CHARSET.charAt(v));
        }
        return out.toString();
    }

    /** Decodes and verifies a bech32 string; throws {@link IllegalArgumentException} saying what is wrong. */
    static Decoded decode(String text) {
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 33 || c > 126) {
                throw new IllegalArgumentException("invalid character in bech32 string");
            }
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
        }
        if (lower && upper) {
            throw new IllegalArgumentException("mixed case in bech32 string");
        }
        String s = text.toLowerCase(Locale.ROOT);
        int separator = s.lastIndexOf('1');
        if (separator < 1 || separator + 7 > s.length()) {
            throw new IllegalArgumentException("bech32 string has no human-readable part or is too short");
        }
        String hrp = s.substring(0, separator);
        byte[] values = new byte[s.length() - separator - 1];
        for (int i = 0; i < values.length; i++) {
            int v = CHARSET.indexOf(s.charAt(separator + 1 + i));
            if (v < 0) {
                throw new IllegalArgumentException("invalid bech32 character '" + s.charAt(separator + 1 + i) + "'");
            }
            values[i] = (byte) v;
        }
        if (polymod(expandHrp(hrp), values) != 1) {
            throw new IllegalArgumentException("bech32 checksum does not match");
        }
        byte[] payload = new byte[values.length - 6];
        System.arraycopy(values, 0, payload, 0, payload.length);
        return new Decoded(hrp, payload);
    }

    private static byte[] checksum(String hrp, byte[] values) {
        byte[] padded = new byte[values.length + 6];
        System.arraycopy(values, 0, padded, 0, values.length);
        int mod = polymod(expandHrp(hrp), padded) ^ 1;
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
        }
        return out;
    }

    private static byte[] expandHrp(String hrp) {
        byte[] out = new byte[hrp.length() * 2 + 1];
        for (int i = 0; i < hrp.length(); i++) {
            out[i] = (byte) (hrp.charAt(i) >>> 5);
            out[i + hrp.length() + 1] = (byte) (hrp.charAt(i) & 31);
        }
        return out;
    }

    private static int polymod(byte[] hrp, byte[] values) {
        int chk = 1;
        for (byte[] part : new byte[][] {hrp, values}) {
            for (byte v : part) {
                int top = chk >>> 25;
                chk = ((chk & 0x1ffffff) << 5) ^ v;
                for (int i = 0; i < 5; i++) {
                    if (((top >>> i) & 1) != 0) {
                        chk ^= GENERATOR[i];
                    }
                }
            }
        }
        return chk;
    }

    private static byte[] convertBits(byte[] in, int from, int to, boolean pad) {
        int acc = 0;
        int bits = 0;
        int maxValue = (1 << to) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * from / to + 1);
        for (byte b : in) {
            int value = b & 0xff;
            if ((value >>> from) != 0) {
                throw new IllegalArgumentException("invalid data range");
            }
            acc = (acc << from) | value;
            bits += from;
            while (bits >= to) {
                bits -= to;
                out.write((acc >>> bits) & maxValue);
            }
        }
        if (pad) {
            if (bits > 0) {
                out.write((acc << (to - bits)) & maxValue);
            }
        } else if (bits >= from || ((acc << (to - bits)) & maxValue) != 0) {
            throw new IllegalArgumentException("invalid padding in bech32 data");
        }
        return out.toByteArray();
    }
}
