package dev.nixboot.steps.ssh;

import dev.nixboot.engine.spi.DurationText;
import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import dev.nixboot.steps.ssh.client.Endpoint;
import dev.nixboot.steps.ssh.client.Endpoints;
import dev.nixboot.steps.ssh.client.HostKeyScanner;
import dev.nixboot.steps.ssh.client.HostKeyType;
import dev.nixboot.steps.ssh.client.Route;
import dev.nixboot.steps.ssh.knownhosts.HostKey;
import dev.nixboot.steps.ssh.knownhosts.KnownHosts;
import java.time.Duration;

/**
 * {@code ssh.wait}: polls until a host completes an SSH key exchange again — optionally with an expected host key,
 * which tells the freshly installed system from the installer that is still shutting down. Connections of the run
 * to that host reconnect by themselves at their next use.
 */
public final class SshWaitStep implements Step<SshWaitParameters, SshWaitOutputs> {
    /** An attempt never waits longer than this, so a host that drops packets is retried on time. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

    @Override
    public String type() {
        return "ssh.wait";
    }

    @Override
    public String summary() {
        return "Wait until a host answers SSH again, optionally with a given host key";
    }

    @Override
    public Class<SshWaitParameters> parameters() {
        return SshWaitParameters.class;
    }

    @Override
    public Class<SshWaitOutputs> outputs() {
        return SshWaitOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: back_up
                  type: ssh.wait
                  with:
                    host: 10.0.0.5
                    host_key: "${{ steps.host_key.outputs.public_key }}"
                    timeout: 15m
                """;
    }

    @Override
    public StepPlan plan(SshWaitParameters parameters, PlanContext context) {
        String name = KnownHosts.name(parameters.host(), parameters.port() == null ? 22 : parameters.port())
                + (parameters.jumpHost() == null ? "" : " via " + parameters.jumpHost());
        return StepPlan.of("wait up to " + DurationText.format(parameters.timeout()) + " for " + name + " to answer SSH"
                + (blank(parameters.hostKey()) ? "" : " with host key " + fingerprint(parameters.hostKey())));
    }

    @Override
    public SshWaitOutputs execute(SshWaitParameters parameters, StepContext context) throws Exception {
        HostKey expected = null;
        HostKeyType type = parameters.type();
        if (!blank(parameters.hostKey())) {
            try {
                expected = HostKey.parse(parameters.hostKey());
                type = HostKeyType.of(expected.type());
            } catch (IllegalArgumentException e) {
                throw new StepFailure("host_key: " + e.getMessage());
            }
        }
        Duration total = parameters.timeout();
        Duration interval = parameters.interval();
        Endpoint target = Endpoints.scanTarget(parameters.host(), parameters.port(), parameters.jumpHost(), context);
        String name = target.knownHostsName() + (target.route() instanceof Route.Jump jump ? " via " + jump.hop() : "");
        long started = System.nanoTime();
        long deadline = started + total.toNanos();
        String last = "no attempt";
        for (int attempt = 1; ; attempt++) {
            long left = deadline - System.nanoTime();
            Duration timeout = Duration.ofNanos(Math.max(Math.min(left, ATTEMPT_TIMEOUT.toNanos()), 1_000_000_000L));
            try {
                HostKey key = HostKeyScanner.scan(target, type, timeout, context);
                if (expected == null || expected.equals(key)) {
                    long waited = Duration.ofNanos(System.nanoTime() - started).toSeconds();
                    context.console().info(name + " answers with " + key + " after " + waited + " s");
                    return new SshWaitOutputs(key.line(), key.fingerprint(), waited);
                }
                last = "it answers, but with " + key + " instead of " + expected;
            } catch (StepFailure e) {
                // A host (or jump host) that is down is what this step waits out; a cancellation is not.
                if (context.isCancelled() || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                last = e.getMessage();
            }
            if (attempt == 1 || attempt % 10 == 0) {
                context.console().info("waiting for " + name + " (attempt " + attempt + "): " + last);
            }
            if (System.nanoTime() + interval.toNanos() > deadline) {
                throw new StepFailure(name + " did not answer SSH" + (expected == null ? "" : " with " + expected)
                        + " within " + DurationText.format(total) + "; last attempt: " + last);
            }
            Thread.sleep(interval.toMillis());
            if (context.isCancelled()) {
                throw new StepFailure("cancelled while waiting for " + name);
            }
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String fingerprint(String keyLine) {
        try {
            return HostKey.parse(keyLine).fingerprint();
        } catch (IllegalArgumentException e) {
            return keyLine;
        }
    }
}
