package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.steps.git.ssh.SshConnector;
import dev.nixboot.steps.git.ssh.SshjSessionFactory;
import java.nio.file.Path;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.SshTransport;

/**
 * How a git step reaches remotes. Local paths and {@code file://} need nothing; SSH goes through SSHJ (not JGit's
 * own Apache MINA client) so git shares the host-key policy and authentication of nixboot's SSH steps.
 */
final class RemoteAccess implements AutoCloseable {
    private final SshjSessionFactory ssh;
    private final AutoCloseable cancel;

    private RemoteAccess(SshjSessionFactory ssh, AutoCloseable cancel) {
        this.ssh = ssh;
        this.cancel = cancel;
    }

    /**
     * @param identity a private key file, or null for the agent and the default keys
     * @param knownHosts the known_hosts file to verify host keys against, or null for ~/.ssh/known_hosts
     */
    static RemoteAccess of(String identity, String knownHosts, String passphrase, StepContext context) {
        Path home = Repositories.resolve("~", context);
        SshConnector.Settings settings = new SshConnector.Settings(
                knownHosts == null ? home.resolve(".ssh/known_hosts") : Repositories.resolve(knownHosts, context),
                identity == null ? null : Repositories.resolve(identity, context),
                home.resolve(".ssh"),
                context.environment().get("SSH_AUTH_SOCK"),
                () -> passphrase != null
                        ? passphrase.toCharArray()
                        : context.interaction().ask("Passphrase for " + identity, true, null).toCharArray());
        SshjSessionFactory factory = new SshjSessionFactory(new SshConnector(settings));
        // A blocked fetch or push waits on the SSH connection; closing it is what makes the step stop.
        return new RemoteAccess(factory, context.onCancel(factory::close));
    }

    /** Makes the command use this access for SSH remotes. */
    <C extends TransportCommand<C, ?>> C apply(C command) {
        return command.setTransportConfigCallback(transport -> {
            if (transport instanceof SshTransport sshTransport) {
                sshTransport.setSshSessionFactory(ssh);
            }
        });
    }

    @Override
    public void close() {
        try {
            cancel.close();
        } catch (Exception e) {
            // Unregistering the cancel action cannot fail in a way that matters once the step is done.
        } finally {
            ssh.close();
        }
    }
}
