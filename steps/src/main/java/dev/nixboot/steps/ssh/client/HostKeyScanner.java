package dev.nixboot.steps.ssh.client;

import dev.nixboot.engine.spi.DurationText;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.steps.ssh.knownhosts.HostKey;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Fetches the host key a server presents, without trusting it and without authenticating: the key exchange is
 * stopped as soon as the key has been received. The whole exchange, connecting included, is bounded by the timeout
 * and ends at once when the step is cancelled ({@link Handshake}).
 */
public final class HostKeyScanner {
    private HostKeyScanner() {}

    /** The host cannot be reached, or answered without a key of the type; the message says which. */
    public static final class Unreachable extends StepFailure {
        private static final long serialVersionUID = 1L;

        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The target's key of that type, reached along its route (a jump host's connection is the run's shared one).
     *
     * @throws Unreachable when the host cannot be reached, has no such key or does not answer in time
     * @throws StepFailure when the step was cancelled, or a jump host refused
     */
    public static HostKey scan(Endpoint target, HostKeyType type, Duration timeout, StepContext context)
            throws StepFailure {
        List<String> wanted = type.algorithms();
        Providers.forAlgorithms(wanted);
        String where = target.hostName() + ":" + target.port();
        SshConnection hop = target.route() instanceof Route.Jump jump
                ? SshConnections.of(context).connect(jump.hop(), context)
                : null;
        Carrier carrier = new Carrier();
        try {
            return Handshake.run(
                    where,
                    timeout,
                    context,
                    carrier::abort,
                    progress -> exchange(target, wanted, type, timeout, hop, carrier, progress, context),
                    key -> carrier.close());
        } catch (Handshake.Cancelled e) {
            throw e;
        } catch (Handshake.Abandoned e) {
            throw new Unreachable(
                    "cannot reach " + where + ": no host key within " + DurationText.format(timeout) + " (" + e.phase()
                            + ")",
                    e);
        }
    }

    private static HostKey exchange(
            Endpoint target,
            List<String> wanted,
            HostKeyType type,
            Duration timeout,
            SshConnection hop,
            Carrier carrier,
            Handshake.Progress progress,
            StepContext context)
            throws StepFailure {
        String where = target.hostName() + ":" + target.port();
        ModernConfig config = new ModernConfig();
        config.setKeyAlgorithms(config.getKeyAlgorithms().stream()
                .filter(f -> wanted.contains(f.getName()))
                .toList());
        AtomicReference<HostKey> seen = new AtomicReference<>();
        try (SSHClient client = new SSHClient(config)) {
            client.setConnectTimeout((int) Math.min(timeout.toMillis(), Integer.MAX_VALUE));
            client.getTransport().setTimeoutMs((int) Math.min(timeout.toMillis(), Integer.MAX_VALUE));
            client.addHostKeyVerifier(new HostKeyVerifier() {
                @Override
                public boolean verify(String hostname, int ignoredPort, PublicKey key) {
                    seen.set(HostKey.of(key));
                    // Refusing ends the exchange here: nothing is trusted and no credentials are sent.
                    return false;
                }

                @Override
                public List<String> findExistingAlgorithms(String hostname, int ignoredPort) {
                    return wanted;
                }
            });
            try {
                carrier.connect(
                        client,
                        target.hostName(),
                        target.port(),
                        target.route(),
                        hop,
                        context.environment(),
                        timeout,
                        progress);
            } catch (IOException e) {
                if (seen.get() == null) {
                    String cause = SshConnection.describe(e);
                    if (cause.contains("no common")
                            || cause.toLowerCase(Locale.ROOT).contains("negotiat")) {
                        throw new Unreachable(where + " has no " + type + " host key", e);
                    }
                    carrier.close();
                    String said = carrier.diagnostics();
                    throw new Unreachable(
                            "cannot reach " + where + ": " + cause
                                    + (said.isEmpty() ? "" : " (ProxyCommand said: " + said.replace('\n', ' ') + ")"),
                            e);
                }
            }
        } catch (IOException e) {
            // closing a client whose exchange was refused on purpose
        } finally {
            carrier.close();
        }
        return seen.get();
    }
}
