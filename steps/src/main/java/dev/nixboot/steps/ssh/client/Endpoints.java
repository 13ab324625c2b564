package dev.nixboot.steps.ssh.client;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.steps.ssh.knownhosts.HostKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Turns a step's connection parameters into an {@link Endpoint}, the way {@code ssh} reads its config. */
public final class Endpoints {
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final List<String> DEFAULT_IDENTITIES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private Endpoints() {}

    public static Endpoint resolve(ConnectionParameters parameters, PlanContext context) throws StepFailure {
        Path home = home(context);
        SshConfigFile.Settings settings;
        try {
            settings = SshConfigFile.read(home).lookup(parameters.host());
        } catch (IOException e) {
            throw new StepFailure("cannot read " + home.resolve(".ssh/config") + ": " + e.getMessage(), e);
        }
        String user = first(parameters.user(), settings.user(), System.getProperty("user.name"));
        String hostName = first(settings.hostName(), parameters.host(), null);
        hostName = hostName.replace("%h", parameters.host());
        int port = parameters.port() != null ? parameters.port() : settings.port() != null ? settings.port() : 22;

        List<Path> identities = new ArrayList<>();
        if (parameters.identityFile() != null && !parameters.identityFile().isBlank()) {
            Path identity = path(parameters.identityFile(), home, context);
            if (!identity.toFile().isFile()) {
                throw new StepFailure("identity_file " + identity + " does not exist");
            }
            identities.add(identity);
        }
        for (String configured : settings.identityFiles()) {
            identities.add(path(tokens(configured, parameters.host(), hostName, user, home), home, context));
        }
        if (identities.isEmpty()) {
            DEFAULT_IDENTITIES.forEach(name -> identities.add(home.resolve(".ssh").resolve(name)));
        }

        Path knownHosts = parameters.knownHosts() == null || parameters.knownHosts().isBlank()
                ? home.resolve(".ssh/known_hosts")
                : path(parameters.knownHosts(), home, context);
        if (knownHosts.normalize().toString().equals("/dev/null")) {
            throw new StepFailure("known_hosts /dev/null would trust any host key; use accept_new: true or host_key"
                    + " to trust a new host, or a known-hosts step");
        }
        HostKey expected = null;
        if (parameters.hostKey() != null && !parameters.hostKey().isBlank()) {
            try {
                expected = HostKey.parse(parameters.hostKey());
            } catch (IllegalArgumentException e) {
                throw new StepFailure("host_key: " + e.getMessage());
            }
        }
        boolean forwardAgent = parameters.forwardAgent()
                || (settings.forwardAgent() != null && settings.forwardAgent());
        return new Endpoint(user, parameters.host(), hostName, port, identities,
                new HostKeyPolicy(knownHosts, expected, parameters.acceptNew()), forwardAgent,
                connectTimeout(parameters.connectTimeout()));
    }

    private static Duration connectTimeout(Duration timeout) {
        return timeout == null || timeout.isZero() ? DEFAULT_CONNECT_TIMEOUT : timeout;
    }

    /** The user's home: {@code HOME} from the run's environment, else the JVM's idea of it. */
    public static Path home(PlanContext context) {
        String home = context.environment().get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }

    /** A path from a playbook: {@code ~/} is the home, relative paths are relative to the working directory. */
    public static Path path(String value, Path home, PlanContext context) {
        if (value.equals("~")) {
            return home;
        }
        if (value.startsWith("~/")) {
            return home.resolve(value.substring(2));
        }
        return context.workingDirectory().resolve(value).normalize();
    }

    private static String tokens(String value, String alias, String hostName, String user, Path home) {
        return value.replace("%d", home.toString()).replace("%h", hostName).replace("%n", alias)
                .replace("%r", user).replace("%u", System.getProperty("user.name")).replace("%%", "%");
    }

    private static String first(String a, String b, String c) {
        return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : c;
    }
}
