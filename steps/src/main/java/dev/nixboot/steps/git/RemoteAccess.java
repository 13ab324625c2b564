package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.steps.git.ssh.SshjSessionFactory;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.SshTransport;

/**
 * How a git step reaches remotes. Local paths and {@code file://} need nothing; SSH goes through nixboot's SSH stack
 * (SSHJ, not JGit's own Apache MINA client), so git and the SSH steps share host-key policy, agent, identity files and
 * connections.
 */
final class RemoteAccess implements AutoCloseable {
    private final SshjSessionFactory ssh;
    private final AutoCloseable cancel;

    private RemoteAccess(SshjSessionFactory ssh, AutoCloseable cancel) {
        this.ssh = ssh;
        this.cancel = cancel;
    }

    static RemoteAccess of(SshRemoteParameters ssh, StepContext context) {
        SshjSessionFactory factory = new SshjSessionFactory(context, ssh.identityFile(), ssh.knownHosts());
        // A blocked fetch or push waits on an SSH channel; closing it is what makes the step stop.
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
