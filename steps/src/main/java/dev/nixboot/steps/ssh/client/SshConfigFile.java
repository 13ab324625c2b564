package dev.nixboot.steps.ssh.client;

import dev.nixboot.steps.ssh.knownhosts.Glob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parts of an OpenSSH client config ({@code ~/.ssh/config}) nixboot honours: {@code HostName}, {@code Port},
 * {@code User}, {@code IdentityFile} and {@code ForwardAgent} in {@code Host} blocks. As in {@code ssh}, the first
 * value found for a keyword wins, except {@code IdentityFile}, which accumulates. {@code Match} blocks and
 * {@code Include} are not supported and are skipped.
 */
final class SshConfigFile {
    private final List<String> lines;

    private SshConfigFile(List<String> lines) {
        this.lines = lines;
    }

    /**
     * What the config says for a host.
     *
     * @param hostName {@code HostName}, or null
     * @param port {@code Port}, or null
     * @param user {@code User}, or null
     * @param identityFiles every {@code IdentityFile}, in order, {@code ~} and {@code %} tokens unexpanded
     * @param forwardAgent {@code ForwardAgent}, or null
     */
    record Settings(String hostName, Integer port, String user, List<String> identityFiles, Boolean forwardAgent) {}

    static SshConfigFile read(Path file) throws IOException {
        return new SshConfigFile(Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of());
    }

    Settings lookup(String host) {
        String hostName = null;
        Integer port = null;
        String user = null;
        Boolean forwardAgent = null;
        List<String> identityFiles = new ArrayList<>();
        boolean active = true;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s*=\\s*|\\s+", 2);
            String keyword = parts[0].toLowerCase(Locale.ROOT);
            String value = parts.length > 1 ? unquote(parts[1].strip()) : "";
            switch (keyword) {
                case "host" -> active = matches(value, host);
                case "match" -> active = false;
                case "hostname" -> hostName = active && hostName == null ? value : hostName;
                case "port" -> port = active && port == null ? parsePort(value) : port;
                case "user" -> user = active && user == null ? value : user;
                case "identityfile" -> {
                    if (active) {
                        identityFiles.add(value);
                    }
                }
                case "forwardagent" -> forwardAgent = active && forwardAgent == null
                        ? value.equalsIgnoreCase("yes") : forwardAgent;
                default -> { }
            }
        }
        return new Settings(hostName, port, user, List.copyOf(identityFiles), forwardAgent);
    }

    private static Integer parsePort(String value) {
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /** A {@code Host} line's patterns: any positive match and no negated one. */
    private static boolean matches(String patterns, String host) {
        boolean positive = false;
        for (String pattern : patterns.split("\\s+")) {
            boolean negated = pattern.startsWith("!");
            String body = (negated ? pattern.substring(1) : pattern).toLowerCase(Locale.ROOT);
            if (Glob.matches(body, host.toLowerCase(Locale.ROOT))) {
                if (negated) {
                    return false;
                }
                positive = true;
            }
        }
        return positive;
    }
}
