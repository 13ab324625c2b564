package dev.nixboot.steps.sops;

import java.util.regex.Pattern;

/**
 * What kind of key a value under {@code keys:} is, which decides the list of a key group it may stand in. sops gives
 * every entry of an {@code age} list to age (getsops/sops age/keysource.go:489-516, parseRecipient: {@code age1...}
 * recipients, plugin recipients and {@code ssh-...} public keys; anything else fails the whole rule), and every entry
 * of a {@code pgp} list to GnuPG as a fingerprint (config/config.go:330-332).
 */
enum KeyKind {
    AGE,
    PGP,
    OTHER;

    // A fingerprint or long key id, as people paste them: hex, maybe grouped by blanks (5C61 5A0D ...).
    private static final Pattern PGP_FINGERPRINT = Pattern.compile("(?:[0-9A-Fa-f]{4} ?){4,10}");

    static KeyKind of(String value) {
        String key = value.strip();
        if (key.startsWith("age1") || key.startsWith("ssh-")) {
            return AGE;
        }
        if (PGP_FINGERPRINT.matcher(key.replaceAll("\\s+", " ")).matches()) {
            return PGP;
        }
        return OTHER;
    }

    /** The key group field sops reads this kind from. */
    String field() {
        return switch (this) {
            case AGE -> "age";
            case PGP -> "pgp";
            case OTHER -> "";
        };
    }
}
