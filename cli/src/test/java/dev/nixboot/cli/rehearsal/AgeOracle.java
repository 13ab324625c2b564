package dev.nixboot.cli.rehearsal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The test's own, independent way to the age identity of an SSH ed25519 host key — what sops-nix derives on the host
 * at boot — so that the recipient the playbook put into .sops.yaml can be checked with the real {@code age} binary:
 * a file encrypted to that recipient must decrypt with this identity. Unencrypted OpenSSH keys only.
 */
final class AgeOracle {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    private AgeOracle() {}

    /** {@code AGE-SECRET-KEY-1...} of an unencrypted OpenSSH ed25519 private key file. */
    static String identityOf(Path privateKey) throws IOException {
        String pem = Files.readString(privateKey);
        String body = pem.replace("-----BEGIN OPENSSH PRIVATE KEY-----", "")
                .replace("-----END OPENSSH PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        ByteBuffer key = ByteBuffer.wrap(Base64.getDecoder().decode(body));
        byte[] magic = new byte[15];
        key.get(magic);
        if (!Arrays.equals(magic, "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII))) {
            throw new IOException(privateKey + " is not an OpenSSH private key");
        }
        if (!"none".equals(string(key)) || !"none".equals(string(key))) {
            throw new IOException(privateKey + " is encrypted");
        }
        bytes(key); // kdf options
        key.getInt(); // number of keys: one
        bytes(key); // public key
        ByteBuffer secret = ByteBuffer.wrap(bytes(key));
        secret.getInt(); // check integers
        secret.getInt();
        if (!"ssh-ed25519".equals(string(secret))) {
            throw new IOException(privateKey + " is not an ed25519 key");
        }
        bytes(secret); // public half
        byte[] seed = Arrays.copyOf(bytes(secret), 32);
        try {
            byte[] scalar = Arrays.copyOf(MessageDigest.getInstance("SHA-512").digest(seed), 32);
            return bech32("age-secret-key-", scalar).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.getInt()];
        buffer.get(bytes);
        return bytes;
    }

    private static String string(ByteBuffer buffer) {
        return new String(bytes(buffer), StandardCharsets.US_ASCII);
    }

    /** BIP-173 bech32 (not bech32m), as age uses it. */
    static String bech32(String hrp, byte[] data) {
        ByteArrayOutputStream groups = new ByteArrayOutputStream();
        int accumulator = 0;
        int bits = 0;
        for (byte b : data) {
            accumulator = (accumulator << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                groups.write((accumulator >> bits) & 31);
            }
        }
        if (bits > 0) {
            groups.write((accumulator << (5 - bits)) & 31);
        }
        byte[] values = groups.toByteArray();
        byte[] checksumInput = new byte[hrp.length() * 2 + 1 + values.length + 6];
        int i = 0;
        for (char c : hrp.toCharArray()) {
            checksumInput[i++] = (byte) (c >> 5);
        }
        i++;
        for (char c : hrp.toCharArray()) {
            checksumInput[i++] = (byte) (c & 31);
        }
        System.arraycopy(values, 0, checksumInput, i, values.length);
        int polymod = polymod(checksumInput) ^ 1;
        StringBuilder result = new StringBuilder(hrp).append('1');
        for (byte value : values) {
            result.append(CHARSET.charAt(value));
        }
        for (int k = 0; k < 6; k++) {
            result.append(CHARSET.charAt((polymod >> (5 * (5 - k))) & 31));
        }
        return result.toString();
    }

    private static int polymod(byte[] values) {
        List<Integer> generator = List.of(0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3);
        int checksum = 1;
        for (byte value : values) {
            int top = checksum >>> 25;
            checksum = ((checksum & 0x1ffffff) << 5) ^ value;
            for (int k = 0; k < 5; k++) {
                if (((top >> k) & 1) != 0) {
                    checksum ^= generator.get(k);
                }
            }
        }
        return checksum;
    }
}
