package dev.nixboot.steps.ssh.client;

import dev.nixboot.engine.spi.StepFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * nixboot's own reader of the OpenSSH client configuration, for machines without an {@code ssh} binary; where there
 * is one, {@link OpenSshConfig} asks it instead. It follows OpenSSH 9.2's readconf.c for the keywords nixboot uses
 * ({@link HostSettings#KEYWORDS}) and answers in {@code ssh -G}'s form; a test holds it to {@code ssh -G}'s answers.
 *
 * <p>What it does as ssh does: a line is split as {@code argv_split} splits it (quotes, backslash escapes, a word
 * starting with {@code #} ends the line); {@code Keyword=value}; the first value of a keyword wins, IdentityFile
 * accumulates; {@code Host} patterns (case-sensitive, {@code *} and {@code ?}, {@code !} negating);
 * {@code Match all|canonical|final|host|originalhost|user|localuser} with {@code !} and a trailing comment;
 * {@code Match final} re-reads the files against the final host name; {@code Include} with globs, {@code ~} and
 * paths relative to {@code ~/.ssh} (or {@code /etc/ssh}), read in place, even inside a block that does not apply
 * (for errors), at most 16 deep; the owner and mode checks on the user's files; {@code IgnoreUnknown}; HostName's
 * {@code %h} and {@code %%}; the default identity files, known_hosts files, user and port.
 *
 * <p>What it does not: {@code Match exec} (it would have to run the command: the step fails, asking for OpenSSH's
 * client), {@code CanonicalizeHostname} other than {@code no} (a failure too), and checking the values of keywords
 * nixboot does not use (they are only checked to be OpenSSH keywords).
 */
final class SshConfigFile implements ClientConfig {
    /** readconf.c {@code READCONF_MAX_DEPTH}. */
    private static final int MAX_DEPTH = 16;

    private static final Path SYSTEM_CONFIG = Path.of("/etc/ssh/ssh_config");
    /** fill_default_options: the identity files tried when none is configured (OpenSSH 9.2). */
    static final List<String> DEFAULT_IDENTITY_FILES = List.of(
            "~/.ssh/id_rsa",
            "~/.ssh/id_ecdsa",
            "~/.ssh/id_ecdsa_sk",
            "~/.ssh/id_ed25519",
            "~/.ssh/id_ed25519_sk",
            "~/.ssh/id_xmss",
            "~/.ssh/id_dsa");

    /** A file to read: the user's (relative Includes under ~/.ssh, owner and mode checked) or the system's. */
    private record Source(Path file, boolean user, boolean checkPermissions) {}

    private final List<Source> sources;
    private final Path home;
    private final Map<String, String> environment;

    private SshConfigFile(List<Source> sources, Path home, Map<String, String> environment) {
        this.sources = sources;
        this.home = home;
        this.environment = Map.copyOf(environment);
    }

    /** What ssh reads without {@code -F}: {@code home/.ssh/config}, then {@code /etc/ssh/ssh_config}. */
    static SshConfigFile forHome(Path home, Map<String, String> environment) {
        return new SshConfigFile(
                List.of(new Source(home.resolve(".ssh/config"), true, true), new Source(SYSTEM_CONFIG, false, false)),
                home,
                environment);
    }

    /** What {@code ssh -F file} reads: that file only; {@code ~} is {@code home}. */
    static SshConfigFile forFile(Path file, Path home, Map<String, String> environment) {
        return new SshConfigFile(List.of(new Source(file, true, false)), home, environment);
    }

    @Override
    public ClientOptions options(HostQuery query) throws StepFailure {
        Lookup lookup = new Lookup(query);
        lookup.readAll(false);
        String host = query.host();
        String hostName = lookup.value("hostname");
        if (hostName != null) {
            host = expandHostName(hostName, host, lookup.origin("hostname"));
        }
        if (!isAddress(host)) {
            host = host.toLowerCase(Locale.ROOT);
        }
        String canonicalize = lookup.value("canonicalizehostname");
        if (canonicalize != null && !canonicalize.equals("false")) {
            throw new StepFailure(lookup.origin("canonicalizehostname") + ": CanonicalizeHostname " + canonicalize
                    + " needs DNS lookups only OpenSSH's ssh does here; install the OpenSSH client");
        }
        if (lookup.wantFinal) {
            lookup.host = host;
            lookup.finalHostName = host;
            lookup.readAll(true);
        }
        return lookup.result(host);
    }

    /** ssh.c: HostName's {@code %h} is the host as given, {@code %%} a percent sign; any other token is fatal. */
    private static String expandHostName(String value, String host, String origin) throws StepFailure {
        try {
            return Tokens.of(host, host, 22, "", Path.of("/"), null).only("h").expand(value, null);
        } catch (IllegalArgumentException e) {
            throw new StepFailure(origin + ": HostName " + e.getMessage());
        }
    }

    private static boolean isAddress(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    /** The values found for one host, first value winning, and whether the block being read applies. */
    private final class Lookup {
        private final HostQuery query;
        private final String localUser = System.getProperty("user.name");
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, String> origins = new LinkedHashMap<>();
        private final List<String> identityFiles = new ArrayList<>();
        private final List<Boolean> identityFromUser = new ArrayList<>();
        private final List<String> certificateFiles = new ArrayList<>();
        private List<String> userKnownHosts;
        private List<String> globalKnownHosts;
        private String jumpHost;
        private String jumpUser;
        private Integer jumpPort;
        private String jumpExtra;
        private String host;
        private String finalHostName;
        private boolean finalPass;
        private boolean wantFinal;
        private final List<String> errors = new ArrayList<>();

        Lookup(HostQuery query) throws StepFailure {
            this.query = query;
            this.host = query.host();
            // The command line first: its values win.
            if (query.port() != null) {
                values.put("port", query.port().toString());
            }
            if (query.user() != null) {
                values.put("user", query.user());
            }
            if (query.identityFile() != null) {
                identityFiles.add(query.identityFile().toString());
                identityFromUser.add(true);
            }
            if (query.jump() != null && !parseJump(query.jump(), true)) {
                throw new StepFailure("jump host '" + query.jump() + "' is not [user@]host[:port][,...]");
            }
        }

        String value(String keyword) {
            return values.get(keyword);
        }

        String origin(String keyword) {
            return origins.getOrDefault(keyword, "the command line");
        }

        void readAll(boolean last) throws StepFailure {
            finalPass = last;
            for (Source source : sources) {
                if (Files.exists(source.file())) {
                    boolean[] active = {true};
                    read(source.file(), source, source.checkPermissions(), active, false, 0);
                }
            }
            if (!errors.isEmpty()) {
                throw new StepFailure("the SSH client configuration is not valid: " + String.join("; ", errors));
            }
        }

        private void read(
                Path file, Source source, boolean checkPermissions, boolean[] active, boolean neverMatch, int depth)
                throws StepFailure {
            if (depth > MAX_DEPTH) {
                throw new StepFailure(file + ": more than " + MAX_DEPTH + " nested Include directives (does a file"
                        + " include itself?)");
            }
            if (checkPermissions) {
                checkPermissions(file);
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new StepFailure("cannot read " + file + ": " + e.getMessage(), e);
            }
            int before = errors.size();
            for (int i = 0; i < lines.size(); i++) {
                String where = file + ":" + (i + 1);
                try {
                    line(lines.get(i), where, source, active, neverMatch, depth);
                } catch (ConfigError e) {
                    errors.add(where + ": " + e.getMessage());
                }
            }
            if (errors.size() > before) {
                // readconf.c: a file with bad options ends ssh there.
                throw new StepFailure("the SSH client configuration is not valid: " + String.join("; ", errors));
            }
        }

        /** readconf.c {@code process_config_line_depth}, for one line. */
        private void line(String raw, String where, Source source, boolean[] active, boolean neverMatch, int depth)
                throws ConfigError, StepFailure {
            String line = raw.replaceAll("[ \t\r\n\f]+$", "");
            int start = 0;
            while (start < line.length() && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
                start++;
            }
            int end = start;
            while (end < line.length() && " \t\r\n\"=".indexOf(line.charAt(end)) < 0) {
                end++;
            }
            String keyword = line.substring(start, end).toLowerCase(Locale.ROOT);
            if (keyword.isEmpty() || keyword.startsWith("#")) {
                return;
            }
            // strdelim: whitespace, at most one '=', whitespace.
            int rest = end;
            boolean equals = false;
            while (rest < line.length()
                    && (" \t".indexOf(line.charAt(rest)) >= 0
                            || (!equals && line.charAt(rest) == '=' && (equals = true)))) {
                rest++;
            }
            String text = line.substring(rest);
            if (text.isEmpty()) {
                throw new ConfigError("no argument after keyword \"" + keyword + "\"");
            }
            Keyword known = Keyword.of(keyword);
            if (known == null) {
                String ignored = values.get("ignoreunknown");
                if (ignored != null && Patterns.list(keyword, ignored, true) == 1) {
                    return;
                }
                throw new ConfigError("Bad configuration option: " + keyword);
            }
            List<String> args = Arguments.split(text);
            boolean on = active[0];
            switch (known) {
                case HOST -> active[0] = host(args, neverMatch);
                case MATCH -> {
                    int result = match(text, where);
                    if (result < 0) {
                        throw new ConfigError("Bad Match condition");
                    }
                    active[0] = !neverMatch && result == 1;
                }
                case INCLUDE -> include(args, where, source, active, neverMatch, depth);
                case PROXYCOMMAND, KNOWNHOSTSCOMMAND -> {
                    String command = text.replaceFirst("^[ \t\r\n=]+", "");
                    // ProxyCommand is ignored once ProxyJump is set (to something else than none, ssh 9.2 shows),
                    // and the other way round.
                    if (on && !(known == Keyword.PROXYCOMMAND && jumpHost != null && !jumpHost.equals("none"))) {
                        first(known.name, command, where);
                    }
                }
                case PROXYJUMP -> {
                    String value = text.replaceFirst("^[ \t\r\n=]+", "");
                    if (!parseJump(value, on)) {
                        throw new ConfigError("Invalid ProxyJump \"" + value + "\"");
                    }
                    if (on && jumpHost != null) {
                        origins.putIfAbsent("proxyjump", where);
                    }
                }
                case IDENTITYFILE -> {
                    String file = single(args, keyword);
                    if (on && !duplicateIdentity(file, source.user())) {
                        identityFiles.add(file);
                        identityFromUser.add(source.user());
                        origins.putIfAbsent("identityfile", where);
                    }
                }
                case CERTIFICATEFILE -> {
                    String file = single(args, keyword);
                    if (on) {
                        certificateFiles.add(file);
                        origins.putIfAbsent("certificatefile", where);
                    }
                }
                case USERKNOWNHOSTSFILE, GLOBALKNOWNHOSTSFILE -> {
                    List<String> files = fileList(args, keyword);
                    if (on && known == Keyword.USERKNOWNHOSTSFILE && userKnownHosts == null) {
                        userKnownHosts = files;
                        origins.putIfAbsent(known.name, where);
                    } else if (on && known == Keyword.GLOBALKNOWNHOSTSFILE && globalKnownHosts == null) {
                        globalKnownHosts = files;
                        origins.putIfAbsent(known.name, where);
                    }
                }
                case PORT -> {
                    String port = single(args, keyword);
                    Integer value = port(port);
                    if (value == null) {
                        throw new ConfigError("Bad port '" + port + "' (a port is a number from 1 to 65535)");
                    }
                    if (on) {
                        first("port", value.toString(), where);
                    }
                }
                case CONNECTTIMEOUT -> {
                    String value = single(args, keyword);
                    String seconds = value.equals("none") ? "none" : seconds(value);
                    if (on) {
                        first(known.name, seconds.equals("0") ? "none" : seconds, where);
                    }
                }
                case CONNECTIONATTEMPTS -> {
                    String value = single(args, keyword);
                    if (!value.matches("-?[0-9]{1,9}")) {
                        throw new ConfigError("integer value invalid.");
                    }
                    if (on) {
                        first(known.name, Integer.toString(Integer.parseInt(value)), where);
                    }
                }
                case FORWARDAGENT -> {
                    String value = single(args, keyword);
                    String flag = flag(value);
                    if (flag == null) {
                        checkAgentPath(value);
                    }
                    if (on) {
                        first(known.name, flag != null ? flag : value, where);
                    }
                }
                case IDENTITYAGENT -> {
                    String value = single(args, keyword);
                    checkAgentPath(value);
                    if (on) {
                        first(known.name, value, where);
                    }
                }
                case IGNOREUNKNOWN, USER, HOSTNAME, HOSTKEYALIAS, BINDADDRESS, BINDINTERFACE, PKCS11PROVIDER -> {
                    String value = single(args, keyword);
                    if (on) {
                        first(known.name, value, where);
                    }
                }
                case IDENTITIESONLY, HASHKNOWNHOSTS, PROXYUSEFDPASS -> {
                    String value = single(args, keyword);
                    String flag = flag(value);
                    if (flag == null) {
                        throw new ConfigError("unsupported option \"" + value + "\".");
                    }
                    if (on) {
                        first(known.name, flag, where);
                    }
                }
                case STRICTHOSTKEYCHECKING, PUBKEYAUTHENTICATION, ADDRESSFAMILY, CANONICALIZEHOSTNAME -> {
                    String value = single(args, keyword);
                    String state = known.state(value);
                    if (state == null) {
                        throw new ConfigError("unsupported option \"" + value + "\".");
                    }
                    if (on) {
                        first(known.name, state, where);
                    }
                }
                default -> {
                    // An OpenSSH keyword nixboot does not use: not applied (see HostSettings), values unchecked.
                }
            }
        }

        private void first(String keyword, String value, String where) {
            if (!values.containsKey(keyword)) {
                values.put(keyword, value);
                origins.put(keyword, where);
            }
        }

        /** readconf.c {@code add_identity_file}: the same file from the same kind of source is listed once. */
        private boolean duplicateIdentity(String file, boolean user) {
            for (int i = 0; i < identityFiles.size(); i++) {
                if (identityFiles.get(i).equals(file) && identityFromUser.get(i) == user) {
                    return true;
                }
            }
            return false;
        }

        /** Host: any pattern matching and none negated; patterns are not comma lists here. */
        private boolean host(List<String> patterns, boolean neverMatch) throws ConfigError {
            boolean matched = false;
            for (String pattern : patterns) {
                if (pattern.isEmpty()) {
                    throw new ConfigError("keyword host empty argument");
                }
                if (neverMatch) {
                    return false;
                }
                boolean negated = pattern.startsWith("!");
                if (Patterns.matches(host, negated ? pattern.substring(1) : pattern)) {
                    if (negated) {
                        return false;
                    }
                    matched = true;
                }
            }
            return matched;
        }

        /** readconf.c {@code match_cfg_line}: 1 applies, 0 does not, -1 is an error. */
        private int match(String text, String where) throws StepFailure {
            String ruser = values.getOrDefault("user", localUser);
            String matchHost;
            if (finalPass) {
                matchHost = finalHostName;
            } else if (values.get("hostname") != null) {
                matchHost = expandHostName(values.get("hostname"), query.host(), origins.get("hostname"));
            } else {
                matchHost = query.host();
            }
            Delimited words = new Delimited(text);
            int result = 1;
            int attributes = 0;
            for (String word; (word = words.next()) != null && !word.isEmpty(); ) {
                if (word.startsWith("#")) {
                    return result;
                }
                boolean negate = word.startsWith("!");
                String attribute = (negate ? word.substring(1) : word).toLowerCase(Locale.ROOT);
                if (attribute.equals("all")) {
                    String next = words.next();
                    if (attributes > 1 || (next != null && !next.isEmpty() && !next.startsWith("#"))) {
                        throw new StepFailure(
                                where + ": '" + word + "' cannot be combined with other Match" + " attributes");
                    }
                    return result == 1 ? (negate ? 0 : 1) : result;
                }
                attributes++;
                if (attribute.equals("canonical") || attribute.equals("final")) {
                    if (attribute.equals("final")) {
                        wantFinal = true;
                    }
                    if (finalPass == negate) {
                        result = 0;
                    }
                    continue;
                }
                String argument = words.next();
                if (argument == null || argument.isEmpty() || argument.startsWith("#")) {
                    throw new StepFailure(where + ": Missing Match criteria for " + attribute);
                }
                boolean matches;
                switch (attribute) {
                    case "host" -> matches = Patterns.list(matchHost.toLowerCase(Locale.ROOT), argument, true) == 1;
                    case "originalhost" ->
                        matches = Patterns.list(query.host().toLowerCase(Locale.ROOT), argument, true) == 1;
                    case "user" -> matches = Patterns.list(ruser, argument, false) == 1;
                    case "localuser" -> matches = Patterns.list(localUser, argument, false) == 1;
                    case "exec" -> {
                        if (result != 1) {
                            continue;
                        }
                        throw new StepFailure(where + ": Match exec can only be judged by running the command, which"
                                + " nixboot leaves to OpenSSH's ssh; install the OpenSSH client");
                    }
                    default -> throw new StepFailure(where + ": Unsupported Match attribute " + attribute);
                }
                if (matches == negate) {
                    result = 0;
                }
            }
            if (attributes == 0) {
                throw new StepFailure(where + ": One or more attributes required for Match");
            }
            return result;
        }

        private void include(
                List<String> args, String where, Source source, boolean[] active, boolean neverMatch, int depth)
                throws ConfigError, StepFailure {
            boolean wasActive = active[0];
            for (String argument : args) {
                if (argument.isEmpty()) {
                    throw new ConfigError("keyword include empty argument");
                }
                if (argument.startsWith("~") && !source.user()) {
                    throw new ConfigError("bad include path " + argument + ".");
                }
                String path = argument.startsWith("/") || argument.startsWith("~")
                        ? argument
                        : (source.user() ? "~/.ssh/" : "/etc/ssh/") + argument;
                for (Path file : glob(path)) {
                    read(file, source, true, active, neverMatch || !wasActive, depth + 1);
                    // A Match or Host in the included file does not change the state of the one including it.
                    active[0] = wasActive;
                }
            }
        }

        /** parse_jump: the last hop carries the connection, the ones before are passed on; false when invalid. */
        private boolean parseJump(String value, boolean on) {
            String text = value;
            int comment = text.indexOf('#');
            if (comment >= 0) {
                text = text.substring(0, comment);
            }
            text = text.strip();
            boolean apply = on && jumpHost == null && values.get("proxycommand") == null;
            if (text.equalsIgnoreCase("none")) {
                if (apply) {
                    jumpHost = "none";
                }
                return true;
            }
            List<JumpHost> hops;
            try {
                hops = JumpHost.parseList(text);
            } catch (IllegalArgumentException e) {
                return false;
            }
            if (hops.isEmpty()) {
                return false;
            }
            if (apply) {
                JumpHost last = hops.get(hops.size() - 1);
                jumpHost = last.host();
                jumpUser = last.user();
                jumpPort = last.port();
                int comma = text.lastIndexOf(',');
                jumpExtra = comma > 0 ? text.substring(0, comma) : null;
            }
            return true;
        }

        /** The options in {@code ssh -G}'s form, defaults filled in as fill_default_options and ssh.c do. */
        ClientOptions result(String hostName) throws StepFailure {
            ClientOptions options = new ClientOptions(sources.get(0).file().toString());
            options.add("host", query.host(), null);
            String user = values.getOrDefault("user", localUser);
            int port = values.containsKey("port") ? Integer.parseInt(values.get("port")) : 22;
            options.add("user", user, origins.get("user"));
            options.add("hostname", hostName, origins.get("hostname"));
            options.add("port", Integer.toString(port), origins.get("port"));
            String alias = values.get("hostkeyalias");
            Tokens tokens = Tokens.of(query.host(), hostName, port, user, home, alias);
            for (String keyword : List.of(
                    "addressfamily",
                    "canonicalizehostname",
                    "hashknownhosts",
                    "identitiesonly",
                    "proxyusefdpass",
                    "pubkeyauthentication",
                    "stricthostkeychecking")) {
                options.add(keyword, values.getOrDefault(keyword, Keyword.of(keyword).fallback), origins.get(keyword));
            }
            options.add(
                    "connectionattempts",
                    values.getOrDefault("connectionattempts", "1"),
                    origins.get("connectionattempts"));
            for (String keyword : List.of("bindaddress", "bindinterface", "pkcs11provider", "knownhostscommand")) {
                String value = values.get(keyword);
                if (value != null && !(keyword.equals("pkcs11provider") && value.equals("none"))) {
                    options.add(keyword, value, origins.get(keyword));
                }
            }
            if (alias != null) {
                options.add("hostkeyalias", alias.toLowerCase(Locale.ROOT), origins.get("hostkeyalias"));
            }
            String agent = values.get("identityagent");
            if (agent != null) {
                options.add("identityagent", expandPath(agent, tokens, "identityagent"), origins.get("identityagent"));
            }
            (identityFiles.isEmpty() ? DEFAULT_IDENTITY_FILES : identityFiles)
                    .forEach(f -> options.add("identityfile", f, origins.get("identityfile")));
            certificateFiles.forEach(f -> options.add("certificatefile", f, origins.get("certificatefile")));
            List<String> global = globalKnownHosts != null
                    ? globalKnownHosts
                    : List.of("/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2");
            options.add("globalknownhostsfile", String.join(" ", global), origins.get("globalknownhostsfile"));
            List<String> userFiles =
                    userKnownHosts != null ? userKnownHosts : List.of("~/.ssh/known_hosts", "~/.ssh/known_hosts2");
            List<String> expanded = new ArrayList<>();
            for (String file : userFiles) {
                expanded.add(file.equals("none") ? file : expandPath(file, tokens, "userknownhostsfile"));
            }
            options.add("userknownhostsfile", String.join(" ", expanded), origins.get("userknownhostsfile"));
            String forward = values.getOrDefault("forwardagent", "no");
            options.add(
                    "forwardagent",
                    forward.equals("yes") || forward.equals("no")
                            ? forward
                            : expandPath(forward, tokens, "forwardagent"),
                    origins.get("forwardagent"));
            String timeout = values.getOrDefault("connecttimeout", "none");
            options.add("connecttimeout", timeout, origins.get("connecttimeout"));
            if (jumpHost != null && !jumpHost.equals("none")) {
                String name = jumpHost.contains(":") || jumpHost.matches("[0-9.]+") ? "[" + jumpHost + "]" : jumpHost;
                options.add(
                        "proxyjump",
                        (jumpExtra == null ? "" : jumpExtra + ",")
                                + (jumpUser == null ? "" : jumpUser + "@")
                                + name
                                + (jumpPort == null ? "" : ":" + jumpPort),
                        origins.get("proxyjump"));
            } else if (values.get("proxycommand") != null
                    && !values.get("proxycommand").equals("none")) {
                options.add("proxycommand", values.get("proxycommand"), origins.get("proxycommand"));
            }
            return options;
        }

        /** ssh.c: {@code ~}, then tokens and {@code ${VAR}}. */
        private String expandPath(String value, Tokens tokens, String keyword) throws StepFailure {
            String tilde =
                    value.equals("~") ? home.toString() : value.startsWith("~/") ? home + value.substring(1) : value;
            try {
                return tokens.expand(tilde, environment);
            } catch (IllegalArgumentException e) {
                throw new StepFailure(origin(keyword) + ": " + keyword + " " + e.getMessage());
            }
        }

        /** The files an Include argument names, in lexical order; none when nothing matches, as with ssh. */
        private List<Path> glob(String pattern) throws StepFailure {
            Path path = pattern.startsWith("~/")
                    ? home.resolve(pattern.substring(2))
                    : pattern.equals("~") ? home : Path.of(pattern);
            if (!hasWildcard(path.toString())) {
                return Files.exists(path) ? List.of(path) : List.of();
            }
            // Walk from the deepest directory without a wildcard, as deep as the pattern goes.
            Path base = path.getRoot();
            int literal = 0;
            while (literal < path.getNameCount() - 1
                    && !hasWildcard(path.getName(literal).toString())) {
                base = base.resolve(path.getName(literal));
                literal++;
            }
            if (!Files.isDirectory(base)) {
                return List.of();
            }
            PathMatcher matcher = base.getFileSystem().getPathMatcher("glob:" + path);
            try (Stream<Path> files = Files.walk(base, path.getNameCount() - literal)) {
                return files.filter(file -> matcher.matches(file) && file.getNameCount() == path.getNameCount())
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new StepFailure("cannot read the files Include " + pattern + " names: " + e.getMessage(), e);
            }
        }
    }

    /** readconf.c: a user's file must belong to them (or root) and be writable by no one else. */
    private static void checkPermissions(Path file) throws StepFailure {
        try {
            int owner = (Integer) Files.getAttribute(file, "unix:uid");
            int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            Set<PosixFilePermission> modes = Files.getPosixFilePermissions(file);
            if ((owner != 0 && owner != self)
                    || modes.contains(PosixFilePermission.GROUP_WRITE)
                    || modes.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new StepFailure("Bad owner or permissions on " + file + " (ssh refuses a config file others"
                        + " can write: chmod go-w " + file + ")");
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // Not a POSIX file system: ssh's check has nothing to look at either.
        }
    }

    private static boolean hasWildcard(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0;
    }

    private static String single(List<String> args, String keyword) throws ConfigError {
        if (args.isEmpty() || args.get(0).isEmpty()) {
            throw new ConfigError("Missing argument.");
        }
        if (args.size() > 1) {
            throw new ConfigError("keyword " + keyword + " extra arguments at end of line");
        }
        return args.get(0);
    }

    private static List<String> fileList(List<String> args, String keyword) throws ConfigError {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).isEmpty()) {
                throw new ConfigError("keyword " + keyword + " empty argument");
            }
            if (args.get(i).equalsIgnoreCase("none") && args.size() > 1) {
                throw new ConfigError("keyword " + keyword + " \"none\" argument must appear alone.");
            }
        }
        return List.copyOf(args);
    }

    /** misc.c {@code a2port}: a number from 1 to 65535, or a service name (only "ssh" is known here). */
    private static Integer port(String text) {
        if (text.equals("ssh")) {
            return 22;
        }
        if (!text.matches("[0-9]{1,5}")) {
            return null;
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535 ? port : null;
    }

    /** misc.c {@code convtime}: {@code 90}, {@code 1m30s}, {@code 2h}...; in seconds. */
    private static String seconds(String text) throws ConfigError {
        if (!text.matches("([0-9]+[sSmMhHdDwW]?)+")) {
            throw new ConfigError("invalid time value.");
        }
        long total = 0;
        Matcher part = Pattern.compile("([0-9]+)([sSmMhHdDwW]?)").matcher(text);
        while (part.find()) {
            long unit =
                    switch (part.group(2).toLowerCase(Locale.ROOT)) {
                        case "m" -> 60;
                        case "h" -> 3600;
                        case "d" -> 86400;
                        case "w" -> 604800;
                        default -> 1;
                    };
            total += Long.parseLong(part.group(1)) * unit;
            if (total > Integer.MAX_VALUE) {
                throw new ConfigError("invalid time value.");
            }
        }
        return Long.toString(total);
    }

    private static String flag(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> "yes";
            case "no", "false" -> "no";
            default -> null;
        };
    }

    /** IdentityAgent and ForwardAgent sockets: {@code ${VAR}} must be well formed, {@code $VAR} a valid name. */
    private static void checkAgentPath(String value) throws ConfigError {
        if (value.startsWith("$")
                && !value.startsWith("${")
                && !value.substring(1).matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ConfigError("Invalid environment name " + value + ".");
        }
        int open = value.indexOf("${");
        if (open >= 0 && (value.indexOf('}', open) < 0 || value.indexOf('}', open) == open + 2)) {
            throw new ConfigError("Invalid environment expansion " + value + ".");
        }
    }

    /** A problem with one line, reported with its file and line. */
    private static final class ConfigError extends Exception {
        private static final long serialVersionUID = 1L;

        ConfigError(String message) {
            super(message);
        }
    }

    /** misc.c {@code strdelim}: words split at whitespace or one {@code =}, a double-quoted word kept whole. */
    private static final class Delimited {
        private final String text;
        private int position;

        Delimited(String text) {
            this.text = text;
        }

        /** The next word; empty at the end of the text; null when a quote is not closed. */
        String next() {
            if (position >= text.length()) {
                return "";
            }
            int start = position;
            int end = start;
            while (end < text.length() && " \t\r\n\"=".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            if (end >= text.length()) {
                position = end;
                return text.substring(start);
            }
            if (text.charAt(end) == '"') {
                int close = text.indexOf('"', end + 1);
                if (close < 0) {
                    position = text.length();
                    return null;
                }
                String word = text.substring(start, end) + text.substring(end + 1, close);
                position = skipSpace(close + 1);
                return word;
            }
            String word = text.substring(start, end);
            boolean equals = text.charAt(end) == '=';
            position = skipSpace(end + 1);
            if (!equals && position < text.length() && text.charAt(position) == '=') {
                position = skipSpace(position + 1);
            }
            return word;
        }

        private int skipSpace(int from) {
            int at = from;
            while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            return at;
        }
    }

    /** misc.c {@code argv_split} with comments ending the line. */
    static final class Arguments {
        private Arguments() {}

        static List<String> split(String text) throws ConfigError {
            List<String> args = new ArrayList<>();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == ' ' || c == '\t') {
                    i++;
                    continue;
                }
                if (c == '#') {
                    break;
                }
                StringBuilder arg = new StringBuilder();
                char quote = 0;
                for (; i < text.length(); i++) {
                    c = text.charAt(i);
                    char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                    if (c == '\\') {
                        if (next == '\'' || next == '"' || next == '\\' || (quote == 0 && next == ' ')) {
                            i++;
                            arg.append(next);
                        } else {
                            arg.append(c);
                        }
                    } else if (quote == 0 && (c == ' ' || c == '\t')) {
                        break;
                    } else if (quote == 0 && (c == '"' || c == '\'')) {
                        quote = c;
                    } else if (quote != 0 && c == quote) {
                        quote = 0;
                    } else {
                        arg.append(c);
                    }
                }
                if (quote != 0) {
                    throw new ConfigError("invalid quotes");
                }
                args.add(arg.toString());
            }
            return args;
        }
    }

    /** match.c: {@code *} and {@code ?} patterns, and comma-separated lists of them with {@code !}. */
    static final class Patterns {
        private Patterns() {}

        static boolean matches(String text, String pattern) {
            return matches(text, 0, pattern, 0);
        }

        private static boolean matches(String s, int si, String p, int pi) {
            while (pi < p.length()) {
                char c = p.charAt(pi);
                if (c == '*') {
                    for (int k = si; k <= s.length(); k++) {
                        if (matches(s, k, p, pi + 1)) {
                            return true;
                        }
                    }
                    return false;
                }
                if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
                    return false;
                }
                si++;
                pi++;
            }
            return si == s.length();
        }

        /** match_pattern_list: 1 for a positive match, -1 for a negated one, 0 for none. */
        static int list(String text, String patterns, boolean lower) {
            String subject = lower ? text.toLowerCase(Locale.ROOT) : text;
            boolean positive = false;
            for (String pattern : patterns.split(",", -1)) {
                boolean negated = pattern.startsWith("!");
                String body = negated ? pattern.substring(1) : pattern;
                if (matches(subject, lower ? body.toLowerCase(Locale.ROOT) : body)) {
                    if (negated) {
                        return -1;
                    }
                    positive = true;
                }
            }
            return positive ? 1 : 0;
        }
    }

    /** OpenSSH 9.2's keywords (readconf.c {@code keywords[]}) and Debian's GSSAPI ones; those nixboot reads named. */
    private enum Keyword {
        HOST("host"),
        MATCH("match"),
        INCLUDE("include"),
        IGNOREUNKNOWN("ignoreunknown"),
        USER("user"),
        HOSTNAME("hostname"),
        PORT("port"),
        IDENTITYFILE("identityfile"),
        CERTIFICATEFILE("certificatefile"),
        IDENTITIESONLY("identitiesonly", "no"),
        IDENTITYAGENT("identityagent"),
        USERKNOWNHOSTSFILE("userknownhostsfile"),
        GLOBALKNOWNHOSTSFILE("globalknownhostsfile"),
        PROXYJUMP("proxyjump"),
        PROXYCOMMAND("proxycommand"),
        FORWARDAGENT("forwardagent"),
        CONNECTTIMEOUT("connecttimeout"),
        STRICTHOSTKEYCHECKING("stricthostkeychecking", "ask"),
        HOSTKEYALIAS("hostkeyalias"),
        HASHKNOWNHOSTS("hashknownhosts", "no"),
        CONNECTIONATTEMPTS("connectionattempts"),
        ADDRESSFAMILY("addressfamily", "any"),
        BINDADDRESS("bindaddress"),
        BINDINTERFACE("bindinterface"),
        PROXYUSEFDPASS("proxyusefdpass", "no"),
        PKCS11PROVIDER("pkcs11provider"),
        KNOWNHOSTSCOMMAND("knownhostscommand"),
        PUBKEYAUTHENTICATION("pubkeyauthentication", "true"),
        CANONICALIZEHOSTNAME("canonicalizehostname", "false"),
        OTHER("");

        /** Every other keyword ssh 9.2 accepts, including the deprecated and unsupported ones it only warns about. */
        private static final Set<String> OTHERS = Set.of(
                "protocol",
                "cipher",
                "fallbacktorsh",
                "globalknownhostsfile2",
                "rhostsauthentication",
                "userknownhostsfile2",
                "useroaming",
                "usersh",
                "useprivilegedport",
                "afstokenpassing",
                "kerberosauthentication",
                "kerberostgtpassing",
                "rsaauthentication",
                "rhostsrsaauthentication",
                "compressionlevel",
                "gssapiauthentication",
                "gssapidelegatecredentials",
                "gssapikeyexchange",
                "gssapiclientidentity",
                "gssapiserveridentity",
                "gssapirenewalforcesrekey",
                "gssapitrustdns",
                "gssapikexalgorithms",
                "smartcarddevice",
                "forwardx11",
                "forwardx11trusted",
                "forwardx11timeout",
                "exitonforwardfailure",
                "xauthlocation",
                "gatewayports",
                "passwordauthentication",
                "kbdinteractiveauthentication",
                "kbdinteractivedevices",
                "challengeresponseauthentication",
                "skeyauthentication",
                "tisauthentication",
                "dsaauthentication",
                "hostbasedauthentication",
                "addkeystoagent",
                "ciphers",
                "macs",
                "remoteforward",
                "localforward",
                "permitremoteopen",
                "escapechar",
                "batchmode",
                "checkhostip",
                "compression",
                "tcpkeepalive",
                "keepalive",
                "numberofpasswordprompts",
                "syslogfacility",
                "loglevel",
                "logverbose",
                "dynamicforward",
                "preferredauthentications",
                "hostkeyalgorithms",
                "casignaturealgorithms",
                "clearallforwardings",
                "enablesshkeysign",
                "verifyhostkeydns",
                "nohostauthenticationforlocalhost",
                "rekeylimit",
                "serveraliveinterval",
                "serveralivecountmax",
                "sendenv",
                "setenv",
                "controlpath",
                "controlmaster",
                "controlpersist",
                "tunnel",
                "tunneldevice",
                "localcommand",
                "permitlocalcommand",
                "remotecommand",
                "visualhostkey",
                "kexalgorithms",
                "ipqos",
                "requesttty",
                "sessiontype",
                "stdinnull",
                "forkafterauthentication",
                "canonicaldomains",
                "canonicalizefallbacklocal",
                "canonicalizemaxdots",
                "canonicalizepermittedcnames",
                "streamlocalbindmask",
                "streamlocalbindunlink",
                "revokedhostkeys",
                "fingerprinthash",
                "updatehostkeys",
                "hostbasedacceptedalgorithms",
                "hostbasedkeytypes",
                "pubkeyacceptedalgorithms",
                "pubkeyacceptedkeytypes",
                "securitykeyprovider",
                "requiredrsasize",
                "enableescapecommandline");

        private static final Map<String, Keyword> BY_NAME = new LinkedHashMap<>();

        static {
            for (Keyword keyword : values()) {
                BY_NAME.put(keyword.name, keyword);
            }
            BY_NAME.put("identityfile2", IDENTITYFILE);
        }

        private final String name;
        /** What ssh -G prints when the keyword is not set; null when it prints nothing or another default. */
        private final String fallback;

        Keyword(String name) {
            this(name, null);
        }

        Keyword(String name, String fallback) {
            this.name = name;
            this.fallback = fallback;
        }

        static Keyword of(String keyword) {
            Keyword known = BY_NAME.get(keyword);
            return known != null && known != OTHER ? known : OTHERS.contains(keyword) ? OTHER : null;
        }

        /** A multistate value as ssh -G prints it (readconf.c {@code fmt_intarg}); null when ssh refuses it. */
        String state(String value) {
            String v = value.toLowerCase(Locale.ROOT);
            return switch (this) {
                case STRICTHOSTKEYCHECKING ->
                    switch (v) {
                        case "yes", "true" -> "true";
                        case "no", "false", "off" -> "false";
                        case "ask" -> "ask";
                        case "accept-new" -> "accept-new";
                        default -> null;
                    };
                case PUBKEYAUTHENTICATION ->
                    switch (v) {
                        case "yes", "true" -> "true";
                        case "no", "false" -> "false";
                        case "unbound", "host-bound" -> v;
                        default -> null;
                    };
                case ADDRESSFAMILY -> v.equals("inet") || v.equals("inet6") || v.equals("any") ? v : null;
                case CANONICALIZEHOSTNAME ->
                    switch (v) {
                        case "yes", "true" -> "true";
                        case "no", "false" -> "false";
                        case "always" -> "always";
                        default -> null;
                    };
                default -> null;
            };
        }
    }
}
