package dev.nixboot.steps.ssh;

import dev.nixboot.engine.spi.DurationText;
import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import dev.nixboot.steps.local.CommandOutputs;
import dev.nixboot.steps.local.LineCapture;
import dev.nixboot.steps.ssh.client.ConnectionParameters;
import dev.nixboot.steps.ssh.client.Endpoint;
import dev.nixboot.steps.ssh.client.Endpoints;
import dev.nixboot.steps.ssh.client.SshConnection;
import dev.nixboot.steps.ssh.client.SshConnections;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;

/** {@code ssh.exec}: runs a command on a host over the run's shared SSH connection, output streamed live. */
public final class SshExecStep implements Step<SshExecParameters, CommandOutputs> {
    /**
     * sshd ignores the SSH "signal" request on this platform's OpenSSH, so a command is stopped by signalling its
     * process group from a second channel: sshd makes the login shell a session leader, and this first line of
     * standard error (taken out again by {@link LineStream}) says which group it leads.
     */
    private static final String PID_HEADER = "echo \"" + LineStream.PID_MARKER + "$$\" >&2; ";

    @Override
    public String type() {
        return "ssh.exec";
    }

    @Override
    public String summary() {
        return "Run a command on a host over SSH";
    }

    @Override
    public Class<SshExecParameters> parameters() {
        return SshExecParameters.class;
    }

    @Override
    public Class<CommandOutputs> outputs() {
        return CommandOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: disks
                  type: ssh.exec
                  with:
                    host: 10.0.0.5
                    user: root
                    command: [lsblk, --json]
                    timeout: 1m
                """;
    }

    @Override
    public StepPlan plan(SshExecParameters parameters, PlanContext context) {
        ConnectionParameters connection = parameters.connection();
        String target = connection.user() == null ? connection.host() : connection.user() + "@" + connection.host();
        if (connection.port() != null) {
            target += ":" + connection.port();
        }
        if (connection.jumpHost() != null) {
            target += " via " + connection.jumpHost();
        }
        return StepPlan.of("run on " + target + ": "
                + context.mask(RemoteCommand.display(
                        parameters.command(), parameters.script(), parameters.env(), parameters.sudo())));
    }

    @Override
    public CommandOutputs execute(SshExecParameters parameters, StepContext context) throws Exception {
        if ((parameters.command() == null) == (parameters.script() == null)) {
            throw new StepFailure("give either command (a list of arguments) or script (shell text), not "
                    + (parameters.command() == null ? "neither" : "both"));
        }
        if (parameters.command() != null && parameters.command().isEmpty()) {
            throw new StepFailure("command is empty: give at least the program to run");
        }
        refuseSecretsOnTheCommandLine(parameters, context);
        RemoteCommand remote;
        try {
            remote = RemoteCommand.of(parameters.command(), parameters.script(), parameters.env(), parameters.sudo());
        } catch (IllegalArgumentException e) {
            throw new StepFailure(e.getMessage());
        }
        Endpoint endpoint = Endpoints.resolve(parameters.connection(), parameters.forwardAgent(), context);
        SshConnection connection = SshConnections.of(context).connect(endpoint, context);
        Session session = endpoint.forwardAgent() ? connection.forwardingSession(context) : connection.session();
        try (session) {
            if (parameters.pty()) {
                session.allocateDefaultPTY();
            }
            return run(connection, session, remote, parameters, endpoint, context);
        } catch (ConnectionException | TransportException e) {
            throw new StepFailure(
                    "connection to " + endpoint + " lost while running the command; it may or may"
                            + " not have completed: " + e.getMessage(),
                    e);
        }
    }

    private CommandOutputs run(
            SshConnection connection,
            Session session,
            RemoteCommand remote,
            SshExecParameters parameters,
            Endpoint endpoint,
            StepContext context)
            throws Exception {
        Duration timeout = parameters.timeout();
        Session.Command command = session.exec(PID_HEADER + remote.line());
        // With a pseudo-terminal, standard error goes to the terminal too: the header then arrives on stdout.
        LineStream stdout = LineStream.start(
                command.getInputStream(), context.console()::stdout, context.stepId() + "-stdout", parameters.pty());
        LineStream stderr = LineStream.start(
                command.getErrorStream(), context.console()::stderr, context.stepId() + "-stderr", !parameters.pty());
        LineStream header = parameters.pty() ? stdout : stderr;
        AutoCloseable cancel = context.onCancel(() -> terminate(connection, command, header, parameters.sudo()));
        try {
            sendInput(command.getOutputStream(), remote.input(), parameters.stdin());
            long started = System.nanoTime();
            try {
                if (timeout != null) {
                    command.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    command.join();
                }
            } catch (ConnectionException e) {
                if (interrupted(e) || context.isCancelled()) {
                    terminate(connection, command, header, parameters.sudo());
                    Thread.currentThread().interrupt();
                    throw new StepFailure("cancelled; the remote command was terminated");
                }
                long elapsed = System.nanoTime() - started;
                if (timeout != null && elapsed >= timeout.toNanos() && command.isOpen()) {
                    terminate(connection, command, header, parameters.sudo());
                    throw new StepFailure(
                            "timed out after " + DurationText.format(timeout) + "; the remote command was terminated");
                }
                throw e;
            }
            stdout.join();
            stderr.join();
            if (stdout.truncated() || stderr.truncated()) {
                context.console()
                        .info("output longer than " + LineCapture.LIMIT / (1024 * 1024)
                                + " MiB: the step's outputs keep only its whole lines before that");
            }
            Integer exit = command.getExitStatus();
            if (exit == null) {
                if (context.isCancelled()) {
                    terminate(connection, command, header, parameters.sudo());
                    throw new StepFailure("cancelled; the remote command was terminated");
                }
                if (command.getExitSignal() != null) {
                    throw new StepFailure("the remote command was killed by signal " + command.getExitSignal());
                }
                throw new StepFailure("connection to " + endpoint + " lost while running the command; it may or"
                        + " may not have completed");
            }
            if (!parameters.okCodes().contains(exit)) {
                throw new StepFailure("exit code " + exit + " (expected " + expected(parameters.okCodes()) + ")");
            }
            return new CommandOutputs(stdout.text(), stderr.text(), exit);
        } finally {
            cancel.close();
        }
    }

    /** What the compiler could not see (a secret prompt answer, a secret output's value) is refused here. */
    private static void refuseSecretsOnTheCommandLine(SshExecParameters parameters, StepContext context)
            throws StepFailure {
        String instead = "; " + SshExecParameters.PASS_SECRETS;
        if (parameters.script() != null && !context.mask(parameters.script()).equals(parameters.script())) {
            throw new StepFailure(
                    "the script holds a secret, which would show " + SshExecParameters.REMOTE_PROCESS_LIST + instead);
        }
        List<String> command = parameters.command() == null ? List.of() : parameters.command();
        for (int i = 0; i < command.size(); i++) {
            if (!context.mask(command.get(i)).equals(command.get(i))) {
                throw new StepFailure("command[" + i + "] holds a secret, which would show "
                        + SshExecParameters.REMOTE_PROCESS_LIST + instead);
            }
        }
    }

    private static void sendInput(OutputStream stdin, byte[] preamble, String text) throws IOException {
        try (stdin) {
            if (preamble.length > 0) {
                stdin.write(preamble);
            }
            if (text != null) {
                stdin.write(text.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Sends TERM to the command's process group from a second channel, then closes the command's channel. */
    private static void terminate(SshConnection connection, Session.Command command, LineStream header, boolean sudo) {
        long pid = header.pid();
        // A cancelled step's thread is interrupted; the kill must still get through, so the flag waits till after.
        boolean interrupted = Thread.interrupted();
        if (pid > 1) {
            try (Session killer = connection.session()) {
                String kill = "kill -TERM -- -" + pid + " 2>/dev/null";
                Session.Command killing = killer.exec(sudo ? "sudo -n " + kill : kill);
                killing.join(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // The connection may be gone already; closing below is all that is left to do.
            }
        }
        try {
            command.close();
        } catch (IOException | RuntimeException ignored) {
            // Same: nothing more can be done for a channel on a dead connection.
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean interrupted(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private static String expected(List<Integer> codes) {
        return codes.size() == 1 ? codes.get(0).toString() : "one of " + codes;
    }
}
