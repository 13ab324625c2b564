package dev.nixboot.steps.ssh;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepPlan;
import dev.nixboot.steps.ssh.client.Endpoint;
import dev.nixboot.steps.ssh.client.Endpoints;
import dev.nixboot.steps.ssh.client.HostKeyScanner;
import dev.nixboot.steps.ssh.knownhosts.HostKey;
import dev.nixboot.steps.ssh.knownhosts.KnownHosts;

/**
 * {@code ssh.keyscan}: what {@code ssh-keyscan} does for one host and key type. The key is only reported, never
 * trusted: check the fingerprint out of band before feeding it to a {@code ssh.known-hosts} step.
 */
public final class SshKeyscanStep implements Step<SshKeyscanParameters, SshKeyscanOutputs> {

    @Override
    public String type() {
        return "ssh.keyscan";
    }

    @Override
    public String summary() {
        return "Fetch a host's public key and fingerprint without trusting it";
    }

    @Override
    public Class<SshKeyscanParameters> parameters() {
        return SshKeyscanParameters.class;
    }

    @Override
    public Class<SshKeyscanOutputs> outputs() {
        return SshKeyscanOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: scan
                  type: ssh.keyscan
                  with:
                    host: 10.0.0.5
                """;
    }

    @Override
    public StepPlan plan(SshKeyscanParameters parameters, PlanContext context) {
        return StepPlan.of("fetch the " + parameters.type() + " host key of "
                + KnownHosts.name(parameters.host(), parameters.port() == null ? 22 : parameters.port())
                + (parameters.jumpHost() == null ? "" : " via " + parameters.jumpHost()));
    }

    @Override
    public SshKeyscanOutputs execute(SshKeyscanParameters parameters, StepContext context) throws Exception {
        Endpoint target = Endpoints.scanTarget(parameters.host(), parameters.port(), parameters.jumpHost(), context);
        HostKey key = HostKeyScanner.scan(target, parameters.type(), parameters.timeout(), context);
        // Named as a connection looks it up, so the line trusts the machine later steps reach.
        String name = target.knownHostsName();
        context.console().info(name + " presents " + key);
        return new SshKeyscanOutputs(key.line(), key.fingerprint(), name + " " + key.line());
    }
}
