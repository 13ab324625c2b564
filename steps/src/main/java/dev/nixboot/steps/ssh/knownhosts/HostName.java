package dev.nixboot.steps.ssh.knownhosts;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One host name or address as known_hosts holds it, and the form {@code ssh} looks it up by.
 *
 * <p>{@code ssh} lowercases the name before matching or hashing it (openssh-portable ssh.c:1206-1207: "Don't
 * lowercase addresses, they will be explicitly canonicalised", and the canonical numeric form is lowercase), writes
 * new entries lowercased (hostfile.c:443-444, format_host_entry), and {@code ssh-keygen -H} lowercases each name
 * before hashing it (ssh-keygen.c:1155). Patterns match without regard to case (match.c:184, match.c:233-241). So a
 * hashed entry of {@code NewHost.Example.com} with its capitals is one {@code ssh} never finds.
 */
public final class HostName {
    /**
     * What may stand in known_hosts as one host: no pattern character ({@code * ? !}), nothing that splits a line into
     * fields or lines (blanks, commas, control characters), no brackets (the port is a parameter of its own, and
     * {@code [host]:port} is written from it), and no first character that makes a hashed name ({@code |}), a marker
     * ({@code @}) or a comment ({@code #}). Written so Java and a JSON Schema (ECMA-262) validator read it alike.
     */
    public static final String PATTERN =
            "[^|@#*?!,\\[\\]\\s\\x00-\\x1f\\x7f-\\x9f][^*?!,\\[\\]\\s\\x00-\\x1f\\x7f-\\x9f]*";
    /** The message for a value {@link #PATTERN} refuses, at validate time. */
    public static final String MESSAGE = "must name one host or address: no pattern (*, ? or !), blank, comma,"
            + " control character or [host]:port (give the port as port), and no leading |, @ or #";

    private static final Pattern VALID = Pattern.compile(PATTERN);
    private static final Pattern WILDCARD = Pattern.compile("[*?!]");
    private static final Pattern SEPARATOR = Pattern.compile("[,\\s\\x00-\\x1f\\x7f-\\x9f]");
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1f\\x7f-\\x9f]");

    private HostName() {}

    /**
     * The name as {@code ssh} looks it up: lowercased.
     *
     * @throws IllegalArgumentException when the name is not one host (see {@link #PATTERN}), saying why
     */
    public static String of(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a host name is empty");
        }
        if (!VALID.matcher(name).matches()) {
            throw new IllegalArgumentException(problem(name));
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static String problem(String name) {
        String shown = CONTROL.matcher(name)
                .replaceAll(control -> switch (control.group().charAt(0)) {
                    case '\n' -> "\\\\n";
                    case '\r' -> "\\\\r";
                    case '\t' -> "\\\\t";
                    default -> String.format("\\\\x%02x", (int) control.group().charAt(0));
                });
        if (SEPARATOR.matcher(name).find()) {
            return "host name '" + shown + "' holds a blank, comma or control character, which would split the"
                    + " known_hosts line: name one host per entry of hosts";
        }
        if (WILDCARD.matcher(name).find()) {
            return "host name '" + name + "' is a pattern (*, ? and ! are wildcards in known_hosts): name each host;"
                    + " nixboot does not write patterns";
        }
        if (name.contains("[") || name.contains("]")) {
            return "host name '" + name + "' has brackets: give the bare name and the port as port; [host]:port is"
                    + " written from them";
        }
        return "host name '" + name + "' starts with " + name.charAt(0) + ", which known_hosts reads as "
                + switch (name.charAt(0)) {
                    case '|' -> "a hashed name";
                    case '@' -> "a marker";
                    default -> "a comment";
                };
    }
}
