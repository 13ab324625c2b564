package dev.nixboot.engine.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** A hash of what makes two runs "the same playbook": the file's bytes and the non-secret variable values. */
public final class Fingerprint {
    private Fingerprint() {}

    /**
     * Secret values are left out on purpose: a hash of a short password can be guessed back, and a state file must
     * not help with that.
     */
    public static String of(Path playbook, Map<String, Object> publicVariables) {
        MessageDigest digest = sha256();
        try {
            if (playbook != null && Files.isRegularFile(playbook)) {
                digest.update(Files.readAllBytes(playbook));
            }
        } catch (IOException e) {
            digest.update(("unreadable " + playbook).getBytes(StandardCharsets.UTF_8));
        }
        digest.update((byte) 0);
        digest.update(new TreeMap<>(publicVariables).toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A short hash of a text, for file names. */
    public static String shortHash(String text) {
        return HexFormat.of()
                .formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 12);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
