package dev.nixboot.steps.ssh.client;

import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.Config;

/**
 * The SSH connections of one run: one per (user, address, port), opened by the first step that needs it and shared
 * by every later one, each command on its own channel. Closed when the run ends.
 *
 * <p>Steps reach it through {@link StepContext#shared}: {@code SshConnections.of(context)}.
 */
public final class SshConnections implements AutoCloseable {
    private final Map<Endpoint.Key, SshConnection> connections = new ConcurrentHashMap<>();
    private final Passphrases passphrases = new Passphrases();
    private volatile Config config;
    private volatile ClientConfig clientConfig;

    public static SshConnections of(StepContext context) {
        return context.shared(SshConnections.class, SshConnections::new);
    }

    /**
     * The shared connection to the endpoint, connected, authenticated and with its host key checked against the
     * endpoint's policy.
     */
    public SshConnection connect(Endpoint endpoint, StepContext context) throws StepFailure {
        SshConnection connection = connections.computeIfAbsent(endpoint.key(), k -> new SshConnection(this));
        connection.ensure(endpoint, context);
        return connection;
    }

    /** The SSH client configuration as the run sees it, its answers remembered for the run. */
    ClientConfig clientConfig(Path home, Map<String, String> environment) throws StepFailure {
        ClientConfig result = clientConfig;
        if (result == null) {
            synchronized (this) {
                if (clientConfig == null) {
                    clientConfig = new CachedConfig(ClientConfigs.forRun(home, environment), home);
                }
                result = clientConfig;
            }
        }
        return result;
    }

    Passphrases passphrases() {
        return passphrases;
    }

    /** Built once a run, and lighter than SSHJ's default (see {@link ModernConfig}). */
    Config config() {
        Config result = config;
        if (result == null) {
            synchronized (this) {
                if (config == null) {
                    config = newConfig();
                }
                result = config;
            }
        }
        return result;
    }

    /** SSHJ's configuration as connections use it; a new one each call. */
    public static Config newConfig() {
        ModernConfig fresh = new ModernConfig();
        fresh.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        return fresh;
    }

    @Override
    public void close() {
        connections.values().forEach(SshConnection::close);
        connections.clear();
    }
}
