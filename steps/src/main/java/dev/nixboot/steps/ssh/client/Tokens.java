package dev.nixboot.steps.ssh.client;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;

/**
 * OpenSSH's {@code %} tokens and {@code ${VAR}} references in configuration values, expanded as misc.c
 * {@code vdollar_percent_expand} does: {@code %%} is a percent sign, an unknown token or an unset variable is an
 * error.
 */
final class Tokens {
    /** Worked out only when a value uses the token: most never do, and a step resolves its host every time. */
    private final Map<Character, Supplier<String>> values;

    private Tokens(Map<Character, Supplier<String>> values) {
        this.values = values;
    }

    /**
     * The tokens of a connection (sshconnect.h {@code DEFAULT_CLIENT_PERCENT_EXPAND_ARGS}, filled in ssh.c):
     * {@code %C %L %i %k %l %n %p %d %h %r %u}.
     *
     * @param hostArg the host as given ({@code %n})
     * @param hostName the host connected to ({@code %h})
     * @param hostKeyAlias HostKeyAlias, or null ({@code %k} is then the host as given)
     */
    static Tokens of(String hostArg, String hostName, int port, String user, Path home, String hostKeyAlias) {
        Map<Character, Supplier<String>> values = new HashMap<>();
        values.put('C', () -> connectionHash(localHostName(), hostName, Integer.toString(port), user));
        values.put('L', () -> localHostName().replaceFirst("\\..*", ""));
        values.put('i', Tokens::uid);
        values.put('k', () -> hostKeyAlias != null ? hostKeyAlias : hostArg);
        values.put('l', Tokens::localHostName);
        values.put('n', () -> hostArg);
        values.put('p', () -> Integer.toString(port));
        values.put('d', home::toString);
        values.put('h', () -> hostName);
        values.put('r', () -> user);
        values.put('u', () -> System.getProperty("user.name"));
        return new Tokens(values);
    }

    /** Only these tokens: ProxyCommand's ({@code %h %k %n %p %r}), HostName's ({@code %h}). */
    Tokens only(String letters) {
        Map<Character, Supplier<String>> subset = new HashMap<>();
        for (char letter : letters.toCharArray()) {
            subset.put(letter, values.get(letter));
        }
        return new Tokens(subset);
    }

    /**
     * The text with tokens (and, given an environment, {@code ${VAR}}s) replaced.
     *
     * @throws IllegalArgumentException for an unknown token, a lone {@code %} at the end, or an unset variable
     */
    String expand(String text, Map<String, String> environment) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (environment != null && c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("'" + text + "': ${ without a closing }");
                }
                String name = text.substring(i + 2, end);
                String value = name.isEmpty() ? null : environment.get(name);
                if (value == null) {
                    throw new IllegalArgumentException(
                            "'" + text + "': environment variable ${" + name + "} has no value");
                }
                out.append(value);
                i = end;
            } else if (c == '%') {
                if (i + 1 >= text.length()) {
                    throw new IllegalArgumentException("'" + text + "' ends in a lone %");
                }
                char token = text.charAt(++i);
                if (token == '%') {
                    out.append('%');
                } else if (values.get(token) != null) {
                    out.append(values.get(token).get());
                } else {
                    throw new IllegalArgumentException("'" + text + "': unknown token %" + token);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** readconf.c {@code ssh_connection_hash}: SHA-1 of local host, host, port and user, in hex. */
    private static String connectionHash(String local, String host, String port, String user) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest((local + host + port + user).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    /** What gethostname(2) says, as ssh asks it; Linux shows it without a DNS lookup. */
    private static String localHostName() {
        try {
            Path proc = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(proc)) {
                return Files.readString(proc).strip();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String uid() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "";
        }
    }
}
