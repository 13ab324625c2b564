package dev.nixboot.steps.ssh.knownhosts;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A public key with its comment, as a {@code .pub} file, {@code ssh-keyscan} or a {@code key} parameter gives it:
 * {@code ssh-ed25519 AAAA... root@gusto}. The comment is kept when the key is written to known_hosts, where it is the
 * only hint a reader has of whose key a line holds.
 *
 * @param key the key
 * @param comment what followed the key on its line, blanks collapsed; empty when nothing did
 */
public record KeyLine(HostKey key, String comment) {
    private static final Pattern BLANKS = Pattern.compile("[ \\t]+");
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0a-\\x1f\\x7f]");

    public KeyLine {
        requireNonNull(key, "key");
        requireNonNull(comment, "comment");
        if (CONTROL.matcher(comment).find()) {
            throw new IllegalArgumentException("the key's comment holds a line break or control character");
        }
    }

    /**
     * Reads one key line. Surrounding blank lines are allowed (a {@code .pub} file ends with a newline); a second key
     * line is refused rather than dropped, since a line break inside the value would otherwise reach known_hosts.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static KeyLine parse(String text) {
        String stripped = text.strip();
        if (stripped.contains("\n") || stripped.contains("\r")) {
            throw new IllegalArgumentException("holds more than one line; give one public key line");
        }
        HostKey key = HostKey.parse(stripped);
        String[] fields = BLANKS.split(stripped, 3);
        return new KeyLine(
                key, fields.length == 3 ? BLANKS.matcher(fields[2].strip()).replaceAll(" ") : "");
    }

    /** {@code TYPE BASE64 [comment]}, as known_hosts holds it after the host names. */
    public String text() {
        return comment.isEmpty() ? key.line() : key.line() + " " + comment;
    }
}
