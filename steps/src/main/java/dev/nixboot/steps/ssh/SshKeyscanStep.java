package dev.nixboot.steps.ssh;

import dev.nixboot.engine.spi.OutputDescriptor;
import dev.nixboot.engine.spi.Outputs;
import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepPlan;
import dev.nixboot.steps.ssh.client.Endpoint;
import dev.nixboot.steps.ssh.client.Endpoints;
import dev.nixboot.steps.ssh.client.HostKeyScanner;
import dev.nixboot.steps.ssh.knownhosts.HostKey;
import dev.nixboot.steps.ssh.knownhosts.KnownHosts;
import java.util.List;

/**
 * {@code ssh.keyscan}: what {@code ssh-keyscan} does for one host and key type. The key is only reported, never
 * trusted: check the fingerprint out of band before feeding it to a {@code ssh.known-hosts} step.
 */
public final class SshKeyscanStep implements Step<SshKeyscanParameters> {

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
    public List<OutputDescriptor> outputs() {
        return List.of(
                OutputDescriptor.of("key", "The public key line, 'ssh-ed25519 AAAA...'"),
                OutputDescriptor.of("fingerprint", "Its SHA256 fingerprint, as ssh-keygen -l prints it"),
                OutputDescriptor.of("known_hosts_line", "The line known_hosts would hold for it"));
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
    public Outputs execute(SshKeyscanParameters parameters, StepContext context) throws Exception {
        Endpoint target = Endpoints.scanTarget(parameters.host(), parameters.port(), parameters.jumpHost(), context);
        HostKey key = HostKeyScanner.scan(target, parameters.type(), parameters.timeout(), context);
        // Named as a connection looks it up, so the line trusts the machine later steps reach.
        String name = target.knownHostsName();
        context.console().info(name + " presents " + key);
        return Outputs.of("key", key.line(), "fingerprint", key.fingerprint(),
                "known_hosts_line", name + " " + key.line());
    }
}
