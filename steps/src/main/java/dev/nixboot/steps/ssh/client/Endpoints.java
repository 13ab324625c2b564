package dev.nixboot.steps.ssh.client;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.steps.ssh.knownhosts.HostKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a step's connection parameters into an {@link Endpoint}: what the SSH client configuration says for the host
 * ({@code ssh -G}, see {@link ClientConfig}), with the step's own parameters winning as ssh's command line does, and
 * each jump host resolved the way ssh's {@code ProxyJump} does it.
 */
public final class Endpoints {
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    /** Hops in one chain, counting those a hop's own ProxyJump adds: more is a loop in the configuration. */
    private static final int MAX_HOPS = 8;

    private Endpoints() {}

    /** The endpoint of a connection that does not forward the SSH agent. */
    public static Endpoint resolve(ConnectionParameters parameters, PlanContext context) throws StepFailure {
        return resolve(parameters, false, context);
    }

    /** @param forwardAgent whether the remote side may use the local SSH agent */
    public static Endpoint resolve(ConnectionParameters parameters, boolean forwardAgent, PlanContext context)
            throws StepFailure {
        Path home = context.home();
        checkHost(parameters.host(), "host");
        Path identity = null;
        if (parameters.identityFile() != null && !parameters.identityFile().isBlank()) {
            identity = context.localPath(parameters.identityFile());
            if (!identity.toFile().isFile()) {
                throw new StepFailure("identity_file " + identity + " does not exist");
            }
        }
        String jump = null;
        if (parameters.jumpHost() != null && !parameters.jumpHost().isBlank()) {
            jump = parameters.jumpHost().strip();
            try {
                JumpHost.parseList(jump);
            } catch (IllegalArgumentException e) {
                throw new StepFailure("jump_host: " + e.getMessage());
            }
        }
        Path knownHosts = null;
        if (parameters.knownHosts() != null && !parameters.knownHosts().isBlank()) {
            knownHosts = context.localPath(parameters.knownHosts());
            if (knownHosts.normalize().toString().equals("/dev/null")) {
                throw new StepFailure("known_hosts /dev/null would trust any host key; use accept_new: true or"
                        + " host_key to trust a new host, or an ssh.known-hosts step");
            }
        }
        HostKey expected = null;
        if (parameters.hostKey() != null && !parameters.hostKey().isBlank()) {
            try {
                expected = HostKey.parse(parameters.hostKey());
            } catch (IllegalArgumentException e) {
                throw new StepFailure("host_key: " + e.getMessage());
            }
        }
        ClientConfig config = context instanceof StepContext step
                ? SshConnections.of(step).clientConfig(home, context.environment())
                : ClientConfigs.forRun(home, context.environment());
        Resolution resolution =
                new Resolution(context, home, config, identity, knownHosts, parameters.connectTimeout());
        HostQuery query =
                new HostQuery(parameters.host(), parameters.port(), blankToNull(parameters.user()), identity, jump);
        return resolution.endpoint(query, expected, parameters.acceptNew(), forwardAgent, 0);
    }

    /**
     * Where a host's key is fetched from, for {@code ssh.keyscan} and {@code ssh.wait}: the configuration's HostName,
     * Port, ProxyJump or ProxyCommand apply as for a connection, so the key comes from the machine a later connection
     * reaches. Nothing here is used to log in to the host itself.
     */
    public static Endpoint scanTarget(String host, Integer port, String jumpHost, PlanContext context)
            throws StepFailure {
        return resolve(ConnectionParameters.of(host, port, null, null, null, jumpHost), context);
    }

    /** One resolution: the target and its hops share the step's identity file, known_hosts and timeout. */
    private record Resolution(
            PlanContext context,
            Path home,
            ClientConfig config,
            Path identity,
            Path knownHosts,
            Duration connectTimeout) {

        Endpoint endpoint(HostQuery query, HostKey expected, boolean acceptNew, boolean forwardAgent, int depth)
                throws StepFailure {
            HostSettings settings = HostSettings.from(config.options(query));
            Map<String, String> environment = context.environment();
            Tokens tokens = Tokens.of(
                    query.host(), settings.hostName(), settings.port(), settings.user(), home, settings.hostKeyAlias());
            List<Path> identities = new ArrayList<>();
            for (String configured : settings.identityFiles()) {
                identities.add(
                        context.localPath(expand(tokens, tildeHome(configured, home), environment, "IdentityFile")));
            }
            Authentication authentication = new Authentication(
                    identities, settings.identitiesOnly(), agent(settings.identityAgent(), environment));
            Route route = route(query, settings, tokens, depth);
            boolean hop = depth > 0;
            HostKeyPolicy policy = policy(settings, expected, acceptNew && !hop, hop);
            String forward = settings.forwardAgent();
            boolean forwarding = !hop && (forwardAgent || !forward.equals("no"));
            Path forwardedAgent =
                    forwarding && !forward.equals("yes") && !forward.equals("no") ? agent(forward, environment) : null;
            Duration timeout = connectTimeout != null && !connectTimeout.isZero()
                    ? connectTimeout
                    : settings.connectTimeout() != null ? settings.connectTimeout() : DEFAULT_CONNECT_TIMEOUT;
            return new Endpoint(
                    settings.user(),
                    query.host(),
                    settings.hostName(),
                    settings.port(),
                    authentication,
                    policy,
                    forwarding,
                    forwardedAgent,
                    timeout,
                    route);
        }

        /**
         * As ssh.c turns ProxyJump into {@code ssh -J FIRST,... -W %h:%p LAST}: the last hop carries the connection,
         * reached itself through the hops before it, or through its own ProxyJump when it is the only one.
         */
        private Route route(HostQuery query, HostSettings settings, Tokens tokens, int depth) throws StepFailure {
            if (!settings.jumps().isEmpty()) {
                if (depth + settings.jumps().size() > MAX_HOPS) {
                    throw new StepFailure("ProxyJump for " + query.host() + " goes through more than " + MAX_HOPS
                            + " hops: does the SSH configuration send a jump host through itself?");
                }
                List<JumpHost> hops = settings.jumps();
                JumpHost last = hops.get(hops.size() - 1);
                List<JumpHost> before = hops.subList(0, hops.size() - 1);
                HostQuery hopQuery = new HostQuery(
                        last.host(),
                        last.port(),
                        last.user(),
                        identity,
                        before.isEmpty() ? null : JumpHost.specs(before));
                Endpoint hop = endpoint(hopQuery, null, false, false, depth + hops.size());
                if (hop.hostName().equals(settings.hostName())
                        && hop.port() == settings.port()
                        && hop.user().equals(settings.user())) {
                    throw new StepFailure("ProxyJump for " + query.host() + " goes through " + last.spec()
                            + ", which is the host itself");
                }
                return new Route.Jump(hop);
            }
            if (settings.proxyCommand() != null) {
                String command = expand(tokens.only("hknpr"), "exec " + settings.proxyCommand(), null, "ProxyCommand");
                String shell = context.environment().get("SHELL");
                return new Route.Command(command, shell == null || shell.isBlank() ? "/bin/sh" : shell);
            }
            return new Route.Direct(settings.addressFamily(), settings.connectionAttempts());
        }

        private HostKeyPolicy policy(HostSettings settings, HostKey expected, boolean acceptNew, boolean hop)
                throws StepFailure {
            String strict = settings.strictHostKeyChecking();
            String note = strict.equals("false") || strict.equals("no") || strict.equals("off")
                    ? "The SSH configuration's StrictHostKeyChecking " + strict + " is not followed: nixboot never"
                            + " trusts a host key it has not checked"
                    : null;
            boolean acceptNewFromConfig = strict.equals("accept-new") && !hop;
            if (knownHosts != null) {
                return new HostKeyPolicy(
                        List.of(knownHosts),
                        List.of(),
                        expected,
                        acceptNew || acceptNewFromConfig,
                        settings.hashKnownHosts(),
                        settings.hostKeyAlias(),
                        note);
            }
            List<Path> user =
                    settings.userKnownHosts().stream().map(context::localPath).toList();
            List<Path> global =
                    settings.globalKnownHosts().stream().map(context::localPath).toList();
            HostKeyPolicy policy = new HostKeyPolicy(
                    user,
                    global,
                    expected,
                    acceptNew || acceptNewFromConfig,
                    settings.hashKnownHosts(),
                    settings.hostKeyAlias(),
                    note);
            if (policy.acceptNew()
                    && expected == null
                    && (policy.recordTo() == null
                            || policy.recordTo().normalize().toString().equals("/dev/null"))) {
                throw new StepFailure("accept_new needs a known_hosts file to record the key in, but the SSH"
                        + " configuration's UserKnownHostsFile for " + settings.host() + " is "
                        + (policy.recordTo() == null ? "none" : "/dev/null") + ", which would trust any host key;"
                        + " set known_hosts on the step");
            }
            return policy;
        }
    }

    /** IdentityAgent or a ForwardAgent socket: {@code none}, {@code SSH_AUTH_SOCK}, {@code $VAR} or a path. */
    private static Path agent(String value, Map<String, String> environment) {
        String socket;
        if (value == null || value.equals("SSH_AUTH_SOCK")) {
            socket = environment.get("SSH_AUTH_SOCK");
        } else if (value.equals("none")) {
            socket = null;
        } else if (value.startsWith("$")) {
            socket = environment.get(value.substring(1));
        } else {
            socket = value;
        }
        return socket == null || socket.isBlank() ? null : Path.of(socket);
    }

    private static String expand(Tokens tokens, String value, Map<String, String> environment, String keyword)
            throws StepFailure {
        try {
            return tokens.expand(value, environment);
        } catch (IllegalArgumentException e) {
            throw new StepFailure("the SSH configuration's " + keyword + " " + e.getMessage());
        }
    }

    /** ssh -G prints IdentityFile as written; {@code ~} is the run's home. */
    private static String tildeHome(String value, Path home) {
        return value.equals("~") ? home.toString() : value.startsWith("~/") ? home + value.substring(1) : value;
    }

    /** A host name ssh would take: nothing an option or a shell could read as more than a name. */
    static void checkHost(String host, String parameter) throws StepFailure {
        if (host == null
                || host.isBlank()
                || host.startsWith("-")
                || !host.chars().allMatch(c -> c > ' ' && c != 0x7f)) {
            throw new StepFailure(parameter + " '" + host + "' is not a host name (no spaces, control characters"
                    + " or leading '-')");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
