package dev.nixboot.steps.ssh.client;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * One hop of a {@code ProxyJump} list: {@code [user@]host[:port]} or {@code ssh://[user@]host[:port]}, an address
 * in brackets when it holds colons (readconf.c {@code parse_jump}, misc.c {@code parse_user_host_port}).
 *
 * @param user the login on the hop, or null for the hop's configuration
 * @param host the hop as named (its own {@code Host} blocks apply to it)
 * @param port the port, or null for the hop's configuration
 */
public record JumpHost(String user, String host, Integer port) {
    public JumpHost {
        requireNonNull(host, "host");
    }

    /**
     * The hops of a ProxyJump value, in the order they are passed through; empty for {@code none}.
     *
     * @throws IllegalArgumentException naming the hop that does not parse
     */
    public static List<JumpHost> parseList(String value) {
        String text = value.strip();
        if (text.equalsIgnoreCase("none")) {
            return List.of();
        }
        List<JumpHost> hops = new ArrayList<>();
        for (String element : text.split(",", -1)) {
            hops.add(parse(element));
        }
        return List.copyOf(hops);
    }

    static JumpHost parse(String element) {
        String rest = element;
        if (rest.startsWith("ssh://")) {
            rest = rest.substring("ssh://".length());
            if (rest.contains("[")) {
                // OpenSSH 9.2's parse_uri refuses it too; [user@][address]:port without ssh:// works.
                throw invalid(element, "write an address in brackets without ssh://");
            }
            if (rest.endsWith("/")) {
                rest = rest.substring(0, rest.length() - 1);
            }
            if (rest.contains("/")) {
                throw invalid(element, "a jump host URI has no path");
            }
        }
        String user = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            user = rest.substring(0, at);
            rest = rest.substring(at + 1);
            if (user.isEmpty()) {
                throw invalid(element, "the user before @ is empty");
            }
        }
        String host;
        String port = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw invalid(element, "missing ]");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw invalid(element, "expected :PORT after ]");
                }
                port = after.substring(1);
            }
        } else {
            int colon = rest.indexOf(':');
            host = colon < 0 ? rest : rest.substring(0, colon);
            port = colon < 0 ? null : rest.substring(colon + 1);
        }
        if (host.isEmpty() || host.startsWith("-") || !host.chars().allMatch(c -> c > ' ' && c != 0x7f)) {
            throw invalid(element, "not a host name");
        }
        return new JumpHost(user, host, port == null ? null : port(element, port));
    }

    private static int port(String element, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(element, "the port must be a number from 1 to 65535");
    }

    private static IllegalArgumentException invalid(String element, String why) {
        return new IllegalArgumentException("jump host '" + element + "' is not [user@]host[:port]: " + why);
    }

    /** The hop as ProxyJump writes it. */
    public String spec() {
        String name = host.contains(":") ? "[" + host + "]" : host;
        return (user == null ? "" : user + "@") + name + (port == null ? "" : ":" + port);
    }

    /** A list of hops as ProxyJump writes it. */
    static String specs(List<JumpHost> hops) {
        return String.join(",", hops.stream().map(JumpHost::spec).toList());
    }
}
