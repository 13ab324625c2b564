package dev.nixboot.steps.ssh.client;

import dev.nixboot.steps.ssh.knownhosts.Glob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The parts of an OpenSSH client config ({@code ~/.ssh/config}) nixboot honours: {@code HostName}, {@code Port},
 * {@code User}, {@code IdentityFile} and {@code ForwardAgent} in {@code Host} blocks and in {@code Match} blocks on
 * {@code all}, {@code host} and {@code originalhost}, and {@code Include}. As in {@code ssh}, the first value found
 * for a keyword wins, except {@code IdentityFile}, which accumulates. A {@code Match} block with any other criterion
 * is skipped.
 *
 * <p>{@code Include} works as {@code ssh_config(5)} says: each argument may hold glob wildcards and a leading
 * {@code ~}; a relative path is under {@code ~/.ssh}; matching files are read in lexical order, in place, and only when
 * the block the Include stands in applies to the host; a {@code Host} line inside an included file does not change
 * which block applies after it.
 */
final class SshConfigFile {
    /** OpenSSH's own limit on nested Includes, which also ends a file that includes itself. */
    private static final int MAX_DEPTH = 16;

    private final List<String> lines;
    private final Path home;

    private SshConfigFile(List<String> lines, Path home) {
        this.lines = lines;
        this.home = home;
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

    /** The user's config, {@code home/.ssh/config}; none when the file does not exist. */
    static SshConfigFile read(Path home) throws IOException {
        return new SshConfigFile(readLines(home.resolve(".ssh/config")), home);
    }

    Settings lookup(String host) throws IOException {
        Lookup lookup = new Lookup(host);
        lookup.process(lines, 0);
        return new Settings(lookup.hostName, lookup.port, lookup.user, List.copyOf(lookup.identityFiles),
                lookup.forwardAgent);
    }

    /** The values found so far for one host, and whether the block being read applies to it. */
    private final class Lookup {
        private final String host;
        private String hostName;
        private Integer port;
        private String user;
        private Boolean forwardAgent;
        private final List<String> identityFiles = new ArrayList<>();
        private boolean active = true;

        Lookup(String host) {
            this.host = host;
        }

        void process(List<String> config, int depth) throws IOException {
            for (String raw : config) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s*=\\s*|\\s+", 2);
                String keyword = parts[0].toLowerCase(Locale.ROOT);
                String value = parts.length > 1 ? unquote(parts[1].strip()) : "";
                switch (keyword) {
                    case "host" -> active = matches(value, host);
                    case "match" -> active = matchApplies(value);
                    case "include" -> include(value, depth);
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
        }

        /**
         * {@code Match all}, {@code Match host PATTERNS} (the name after {@code HostName}, when one was set above)
         * and {@code Match originalhost PATTERNS}, all criteria required, {@code !} negating one. Any other criterion
         * (exec, user, localuser, canonical, final, ...) cannot be judged here, so such a block never applies.
         */
        private boolean matchApplies(String criteria) {
            String[] words = criteria.split("\\s+");
            if (words.length == 1 && words[0].equalsIgnoreCase("all")) {
                return true;
            }
            for (int i = 0; i < words.length; i++) {
                String word = words[i].toLowerCase(Locale.ROOT);
                boolean negated = word.startsWith("!");
                String criterion = negated ? word.substring(1) : word;
                if (!criterion.equals("host") && !criterion.equals("originalhost") || i + 1 >= words.length) {
                    return false;
                }
                String name = criterion.equals("host") && hostName != null ? hostName : host;
                boolean matches = matches(words[++i].replace(',', ' '), name);
                if (matches == negated) {
                    return false;
                }
            }
            return words.length > 0 && !words[0].isEmpty();
        }

        private void include(String arguments, int depth) throws IOException {
            if (!active) {
                return;
            }
            if (depth + 1 > MAX_DEPTH) {
                throw new IOException("more than " + MAX_DEPTH + " nested Include directives (does a file include"
                        + " itself?)");
            }
            for (String pattern : arguments.split("\\s+")) {
                for (Path file : expand(pattern)) {
                    process(readLines(file), depth + 1);
                    // A Host line in the included file ends there: the block holding the Include applies again.
                    active = true;
                }
            }
        }
    }

    /** The files an Include argument names, in lexical order; none when nothing matches, as with {@code ssh}. */
    private List<Path> expand(String pattern) throws IOException {
        String unquoted = unquote(pattern);
        Path path = unquoted.startsWith("~/") ? home.resolve(unquoted.substring(2))
                : Path.of(unquoted).isAbsolute() ? Path.of(unquoted)
                : home.resolve(".ssh").resolve(unquoted);
        if (!hasWildcard(path.toString())) {
            return Files.isRegularFile(path) ? List.of(path) : List.of();
        }
        // Walk from the deepest directory without a wildcard, as deep as the pattern goes.
        Path base = path.getRoot();
        int literal = 0;
        while (literal < path.getNameCount() - 1 && !hasWildcard(path.getName(literal).toString())) {
            base = base.resolve(path.getName(literal));
            literal++;
        }
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        PathMatcher matcher = base.getFileSystem().getPathMatcher("glob:" + path);
        try (Stream<Path> files = Files.walk(base, path.getNameCount() - literal)) {
            return files.filter(file -> matcher.matches(file) && Files.isRegularFile(file)).sorted().toList();
        }
    }

    private static boolean hasWildcard(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0;
    }

    private static List<String> readLines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
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
