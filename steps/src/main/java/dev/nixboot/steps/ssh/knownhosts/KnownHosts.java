package dev.nixboot.steps.ssh.knownhosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An OpenSSH {@code known_hosts} file, kept line by line so edits leave every other line byte for byte as it was.
 *
 * <p>Hosts are looked up the way {@code ssh} does: by {@code host} for port 22 and by {@code [host]:port} otherwise,
 * against comma-separated patterns (with {@code *}, {@code ?} and {@code !} negation) and hashed {@code |1|salt|hash}
 * entries. {@code @cert-authority} lines are kept but never used; a {@code @revoked} key is refused. Names are
 * lowercased first, as {@code ssh} does (see {@link HostName}).
 *
 * <p>Edits touch only the entries that name the host itself (literally or hashed). A pattern line that also matches
 * it ({@code *.example.com}, {@code [*.example.com]:2222}) belongs to whoever wrote it: it is left as it is, and
 * {@link #patternsTrusting} tells what it still trusts.
 */
public final class KnownHosts {
    private final List<String> lines;

    private KnownHosts(List<String> lines) {
        this.lines = lines;
    }

    /** The outcome of checking a presented key. */
    public enum Verdict {
        KNOWN,
        UNKNOWN,
        CHANGED,
        REVOKED
    }

    /**
     * @param verdict what the file says about the key
     * @param known the keys the file holds for the host (for messages: "expected ...")
     */
    public record Check(Verdict verdict, List<HostKey> known) {}

    /**
     * A line whose host patterns match a host, holding a key.
     *
     * @param line one-based line number in the file as {@link #text()} writes it
     * @param hosts the line's host patterns, as written
     * @param key the key it trusts for every host the patterns match
     */
    public record PatternTrust(int line, String hosts, HostKey key) {}

    /** An empty file, or what is in {@code file}; a missing file reads as empty. */
    public static KnownHosts read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new KnownHosts(new ArrayList<>());
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (text.isEmpty() || text.endsWith("\n")) {
            lines.remove(lines.size() - 1);
        }
        return new KnownHosts(lines);
    }

    /** How known_hosts names a host on a port: {@code host} for 22, {@code [host]:port} otherwise. */
    public static String name(String host, int port) {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    /** What the file says about a key the host presented. */
    public Check check(String host, int port, HostKey presented) {
        String name = name(host.toLowerCase(Locale.ROOT), port);
        List<HostKey> known = new ArrayList<>();
        boolean revoked = false;
        boolean sameTypeDiffers = false;
        boolean found = false;
        for (String line : lines) {
            Entry entry = Entry.parse(line);
            if (entry == null) {
                continue;
            }
            if ("@revoked".equals(entry.marker())) {
                revoked |= entry.key().equals(presented);
                continue;
            }
            if (entry.marker() != null || !entry.matches(name)) {
                continue;
            }
            known.add(entry.key());
            if (entry.key().equals(presented)) {
                found = true;
            } else if (entry.key().type().equals(presented.type())) {
                sameTypeDiffers = true;
            }
        }
        Verdict verdict = revoked
                ? Verdict.REVOKED
                : found
                        ? Verdict.KNOWN
                        : sameTypeDiffers ? Verdict.CHANGED : known.isEmpty() ? Verdict.UNKNOWN : Verdict.CHANGED;
        return new Check(verdict, List.copyOf(known));
    }

    /** The keys the file holds for a host, in file order. */
    public List<HostKey> keys(String host, int port) {
        return check(host, port, new HostKey("none", "")).known();
    }

    /** {@link #add(String, int, KeyLine, boolean)} for a key without a comment. */
    public boolean add(String host, int port, HostKey key, boolean hashed) {
        return add(host, port, new KeyLine(key, ""), hashed);
    }

    /**
     * Makes sure the file trusts {@code key} for the host, keeping its other keys. Returns whether anything changed.
     *
     * @throws IllegalArgumentException when {@code host} is not one host name (see {@link HostName})
     */
    public boolean add(String host, int port, KeyLine key, boolean hashed) {
        Names names = Names.of(host, port);
        for (String line : lines) {
            Entry entry = Entry.parse(line);
            if (entry != null
                    && entry.marker() == null
                    && entry.names(names)
                    && entry.key().equals(key.key())) {
                return false;
            }
        }
        lines.add(format(names.lookup(), key, hashed));
        return true;
    }

    /**
     * Makes {@code key} the only key trusted for the host by its own entries: they go, entries of other hosts stay,
     * and so do pattern lines (see {@link #patternsTrusting}). Returns whether anything changed.
     *
     * @throws IllegalArgumentException when {@code host} is not one host name (see {@link HostName})
     */
    public boolean replace(String host, int port, KeyLine key, boolean hashed) {
        Names names = Names.of(host, port);
        List<HostKey> current = new ArrayList<>();
        for (String line : lines) {
            Entry entry = Entry.parse(line);
            if (entry != null && entry.marker() == null && entry.names(names)) {
                current.add(entry.key());
            }
        }
        if (current.equals(List.of(key.key()))) {
            return false;
        }
        remove(host, port);
        lines.add(format(names.lookup(), key, hashed));
        return true;
    }

    /**
     * Removes the host from every entry naming it (a hashed entry, or its name in a comma-separated list; the rest of
     * the list stays). Pattern lines and {@code @revoked} / {@code @cert-authority} lines are left alone, as
     * {@code ssh-keygen -R} leaves marker lines (ssh-keygen.c:1190-1192). Returns whether anything changed.
     *
     * @throws IllegalArgumentException when {@code host} is not one host name (see {@link HostName})
     */
    public boolean remove(String host, int port) {
        Names names = Names.of(host, port);
        boolean changed = false;
        for (int i = lines.size() - 1; i >= 0; i--) {
            Entry entry = Entry.parse(lines.get(i));
            if (entry == null || entry.marker() != null || !entry.names(names)) {
                continue;
            }
            changed = true;
            String rest = entry.without(names.lookup());
            if (rest == null) {
                lines.remove(i);
            } else {
                lines.set(i, rest);
            }
        }
        return changed;
    }

    /**
     * The lines that trust a key other than {@code except} (any key, when null) for the host through their patterns:
     * after {@link #replace} or {@link #remove}, what {@code ssh} would still accept that the edit could not take away.
     */
    public List<PatternTrust> patternsTrusting(String host, int port, HostKey except) {
        String name = Names.of(host, port).lookup();
        List<PatternTrust> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Entry entry = Entry.parse(lines.get(i));
            if (entry != null
                    && entry.marker() == null
                    && entry.matches(name)
                    && !entry.key().equals(except)) {
                found.add(new PatternTrust(i + 1, entry.hosts(), entry.key()));
            }
        }
        return List.copyOf(found);
    }

    /** The file's text as it would be written: every line ends with a newline. */
    public String text() {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    /**
     * Writes the file atomically, keeping the permissions of an existing one; a new file (and its directory) is made
     * private to the user, as {@code ssh} does.
     */
    public void write(Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Set<PosixFilePermission> permissions =
                Files.exists(file) ? Files.getPosixFilePermissions(file) : PosixFilePermissions.fromString("rw-------");
        Path temporary = Files.createTempFile(
                directory, ".known_hosts", ".tmp", PosixFilePermissions.asFileAttribute(permissions));
        try {
            Files.writeString(temporary, text(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(temporary, permissions);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String format(String name, KeyLine key, boolean hashed) {
        return (hashed ? hash(name) : name) + " " + key.text();
    }

    /**
     * The name of a host on a port as {@code ssh} looks it up (lowercased), and as it was given: entries hashed from
     * the given spelling by earlier nixboot versions name the host too, though {@code ssh} never finds them.
     */
    private record Names(String lookup, String given) {
        static Names of(String host, int port) {
            return new Names(name(HostName.of(host), port), name(host, port));
        }
    }

    /** {@code |1|base64(salt)|base64(HMAC-SHA1(salt, name))}, as {@code ssh-keygen -H} writes. */
    static String hash(String name) {
        byte[] salt = new byte[20];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder();
        return "|1|" + base64.encodeToString(salt) + "|" + base64.encodeToString(hmac(salt, name));
    }

    private static byte[] hmac(byte[] salt, String name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA1", e);
        }
    }

    /** One key line: {@code [@marker] hosts type base64 [comment]}. */
    private record Entry(String marker, String hosts, HostKey key, String line) {

        /** The entry, or null for blank lines, comments and lines that are not entries. */
        static Entry parse(String line) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                return null;
            }
            String[] fields = trimmed.split("\\s+", 5);
            int first = fields[0].startsWith("@") ? 1 : 0;
            if (fields.length < first + 3) {
                return null;
            }
            return new Entry(
                    first == 1 ? fields[0] : null,
                    fields[first],
                    new HostKey(fields[first + 1], fields[first + 2]),
                    line);
        }

        boolean hashed() {
            return hosts.startsWith("|1|");
        }

        /** Whether the host name is matched, wildcards and negations included (for checking keys). */
        boolean matches(String name) {
            if (hashed()) {
                return hashedMatches(name);
            }
            boolean positive = false;
            for (String pattern : hosts.split(",")) {
                boolean negated = pattern.startsWith("!");
                String body = negated ? pattern.substring(1) : pattern;
                if (Glob.matches(body.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))) {
                    if (negated) {
                        return false;
                    }
                    positive = true;
                }
            }
            return positive;
        }

        /** Whether the entry names the host literally (or hashed), which is what edits touch. */
        boolean names(Names names) {
            if (hashed()) {
                return hashedMatches(names.lookup()) || hashedMatches(names.given());
            }
            for (String pattern : hosts.split(",")) {
                if (pattern.equalsIgnoreCase(names.lookup())) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The line with the name dropped from its host list, or null when nothing would be left: no name, or only
         * negations, which match no host on their own (match.c:161, match_pattern_list needs a positive match).
         */
        String without(String name) {
            if (hashed()) {
                return null;
            }
            List<String> kept = new ArrayList<>();
            for (String pattern : hosts.split(",")) {
                if (!pattern.equalsIgnoreCase(name)) {
                    kept.add(pattern);
                }
            }
            if (kept.stream().allMatch(pattern -> pattern.startsWith("!"))) {
                return null;
            }
            int start = line.indexOf(hosts);
            return line.substring(0, start) + String.join(",", kept) + line.substring(start + hosts.length());
        }

        private boolean hashedMatches(String name) {
            String[] parts = hosts.split("\\|");
            if (parts.length != 4 || !"1".equals(parts[1])) {
                return false;
            }
            try {
                byte[] salt = Base64.getDecoder().decode(parts[2]);
                byte[] expected = Base64.getDecoder().decode(parts[3]);
                return MessageDigest.isEqual(expected, hmac(salt, name));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
