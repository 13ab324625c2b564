package dev.nixboot.steps.ssh.client;

import dev.nixboot.engine.spi.StepFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What nixboot takes from a host's client options ({@link ClientOptions}, as {@code ssh -G} prints them), typed.
 * Every option that changes which machine is reached, or how its key is checked and how nixboot logs in, is either
 * honoured here or refused with a message naming it: none is ignored silently. Options about what happens once
 * logged in (forwardings, terminals, RemoteCommand, SendEnv, multiplexing, algorithm lists) are not applied, as
 * {@code scp} and {@code sftp} override them (src/docs/built-in-steps.md, "SSH").
 *
 * @param host the host as given
 * @param hostName where to connect: HostName with its tokens expanded, canonicalized as ssh does
 * @param port the port
 * @param user the login
 * @param identityFiles IdentityFile values in order (ssh's defaults when none), {@code ~} and tokens unexpanded
 * @param identitiesOnly IdentitiesOnly: offer only agent keys that belong to an identity file
 * @param identityAgent IdentityAgent: {@code none}, {@code SSH_AUTH_SOCK}, {@code $VAR} or a socket path; null for
 *     {@code SSH_AUTH_SOCK}
 * @param userKnownHosts UserKnownHostsFile, expanded; new keys are recorded in the first
 * @param globalKnownHosts GlobalKnownHostsFile
 * @param jumps ProxyJump's hops, in order; empty for none
 * @param proxyCommand ProxyCommand with its tokens unexpanded, or null
 * @param forwardAgent ForwardAgent: {@code yes}, {@code no} or the socket to forward
 * @param connectTimeout ConnectTimeout, or null for none
 * @param strictHostKeyChecking StrictHostKeyChecking as ssh -G prints it: true, ask, accept-new or false
 * @param hostKeyAlias HostKeyAlias, or null
 * @param hashKnownHosts HashKnownHosts: record new keys hashed
 * @param connectionAttempts ConnectionAttempts: TCP connects tried, a second apart
 * @param addressFamily AddressFamily: any, inet or inet6
 */
public record HostSettings(
        String host,
        String hostName,
        int port,
        String user,
        List<String> identityFiles,
        boolean identitiesOnly,
        String identityAgent,
        List<String> userKnownHosts,
        List<String> globalKnownHosts,
        List<JumpHost> jumps,
        String proxyCommand,
        String forwardAgent,
        Duration connectTimeout,
        String strictHostKeyChecking,
        String hostKeyAlias,
        boolean hashKnownHosts,
        int connectionAttempts,
        String addressFamily) {

    public HostSettings {
        identityFiles = List.copyOf(identityFiles);
        userKnownHosts = List.copyOf(userKnownHosts);
        globalKnownHosts = List.copyOf(globalKnownHosts);
        jumps = List.copyOf(jumps);
    }

    /**
     * The keywords nixboot reads; a test compares nixboot's own reader with {@code ssh -G} on exactly these.
     */
    public static final List<String> KEYWORDS = List.of(
            "user",
            "hostname",
            "port",
            "identityfile",
            "identitiesonly",
            "identityagent",
            "userknownhostsfile",
            "globalknownhostsfile",
            "proxyjump",
            "proxycommand",
            "forwardagent",
            "connecttimeout",
            "stricthostkeychecking",
            "hostkeyalias",
            "hashknownhosts",
            "connectionattempts",
            "addressfamily",
            "bindaddress",
            "bindinterface",
            "proxyusefdpass",
            "certificatefile",
            "pkcs11provider",
            "knownhostscommand",
            "pubkeyauthentication",
            "canonicalizehostname");

    /**
     * Reads the options.
     *
     * @throws StepFailure naming every option that is set to something nixboot cannot do, and where it was set
     */
    public static HostSettings from(ClientOptions options) throws StepFailure {
        List<String> refused = new ArrayList<>();
        refuseIfSet(options, "bindaddress", "nixboot does not choose the local address", refused);
        refuseIfSet(options, "bindinterface", "nixboot does not choose the local interface", refused);
        refuseIfSet(options, "certificatefile", "nixboot does not authenticate with certificates", refused);
        refuseIfSet(options, "pkcs11provider", "nixboot does not use PKCS#11 tokens", refused);
        refuseIfSet(options, "knownhostscommand", "nixboot reads known_hosts files only", refused);
        String proxyCommand = none(options.get("proxycommand"));
        if (proxyCommand != null && isYes(options.get("proxyusefdpass"))) {
            refused.add(setting(options, "proxyusefdpass") + ": nixboot talks to a ProxyCommand over its standard"
                    + " input and output and cannot take a passed connection");
        }
        if (proxyCommand != null && proxyCommand.equals("-")) {
            refused.add(setting(options, "proxycommand") + ": nixboot cannot use its own standard input as the"
                    + " connection");
        }
        String pubkey = options.get("pubkeyauthentication");
        if (pubkey != null && (pubkey.equals("false") || pubkey.equals("no"))) {
            refused.add(setting(options, "pubkeyauthentication") + ": nixboot logs in with public keys only");
        }
        List<JumpHost> jumps = List.of();
        String proxyJump = options.get("proxyjump");
        if (proxyJump != null) {
            try {
                jumps = JumpHost.parseList(proxyJump);
            } catch (IllegalArgumentException e) {
                refused.add(setting(options, "proxyjump") + ": " + e.getMessage());
            }
        }
        Duration connectTimeout = null;
        String timeout = options.get("connecttimeout");
        if (timeout != null && !timeout.equals("none") && !timeout.equals("0")) {
            connectTimeout = Duration.ofSeconds(number(options, "connecttimeout", refused));
        }
        int attempts =
                options.get("connectionattempts") == null ? 1 : (int) number(options, "connectionattempts", refused);
        if (!refused.isEmpty()) {
            throw new StepFailure("the SSH client configuration for " + options.get("host") + " asks for what nixboot"
                    + " cannot do: " + String.join("; ", refused) + ". Change the configuration for this host, or"
                    + " give the step a host name that no such block matches");
        }
        List<String> identityFiles = options.all("identityfile");
        return new HostSettings(
                options.get("host"),
                options.get("hostname"),
                port(options),
                options.get("user"),
                identityFiles,
                isYes(options.get("identitiesonly")),
                options.get("identityagent"),
                files(options.get("userknownhostsfile")),
                files(options.get("globalknownhostsfile")),
                jumps,
                proxyCommand,
                forwardAgent(options.get("forwardagent")),
                connectTimeout,
                lower(options.get("stricthostkeychecking"), "ask"),
                none(options.get("hostkeyalias")),
                isYes(options.get("hashknownhosts")),
                Math.max(attempts, 1),
                lower(options.get("addressfamily"), "any"));
    }

    private static int port(ClientOptions options) throws StepFailure {
        String port = options.get("port");
        try {
            int value = port == null ? 22 : Integer.parseInt(port);
            if (value >= 1 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StepFailure(setting(options, "port") + " is not a port number (1 to 65535)");
    }

    private static long number(ClientOptions options, String keyword, List<String> refused) {
        try {
            return Long.parseLong(options.get(keyword));
        } catch (NumberFormatException e) {
            refused.add(setting(options, keyword) + " is not a number");
            return 0;
        }
    }

    private static void refuseIfSet(ClientOptions options, String keyword, String why, List<String> refused) {
        if (none(options.get(keyword)) != null) {
            refused.add(setting(options, keyword) + ": " + why);
        }
    }

    /** {@code Keyword value (where)}, for messages. */
    private static String setting(ClientOptions options, String keyword) {
        return keyword + " " + options.get(keyword) + " (" + options.origin(keyword) + ")";
    }

    private static List<String> files(String value) {
        if (value == null || value.isBlank() || value.equals("none")) {
            return List.of();
        }
        return Arrays.stream(value.strip().split("\\s+")).toList();
    }

    private static String forwardAgent(String value) {
        if (value == null || value.equals("no") || value.equals("false")) {
            return "no";
        }
        return value.equals("true") ? "yes" : value;
    }

    private static boolean isYes(String value) {
        return value != null && (value.equals("yes") || value.equals("true"));
    }

    private static String none(String value) {
        return value == null || value.isBlank() || value.equals("none") ? null : value;
    }

    private static String lower(String value, String fallback) {
        return value == null ? fallback : value.toLowerCase(Locale.ROOT);
    }
}
