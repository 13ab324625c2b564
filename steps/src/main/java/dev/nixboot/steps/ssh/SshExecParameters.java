package dev.nixboot.steps.ssh;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.NoSecrets;
import dev.nixboot.engine.spi.Secret;
import dev.nixboot.engine.spi.Unwrapped;
import dev.nixboot.steps.ssh.client.ConnectionParameters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Parameters of {@code ssh.exec}. */
public record SshExecParameters(
        @Unwrapped @Valid ConnectionParameters connection,

        @DefaultValue("false") @Description("Let the command use the local SSH agent (ForwardAgent)")
        boolean forwardAgent,

        @NoSecrets(shows = REMOTE_PROCESS_LIST, instead = PASS_SECRETS)
        @Description("The command as separate arguments, each quoted for the remote shell")
        List<@NotEmpty String> command,

        @NoSecrets(shows = REMOTE_PROCESS_LIST, instead = PASS_SECRETS)
        @Description("Shell text run by the remote login shell, instead of command")
        String script,

        @DefaultValue("false") @Description("Run through 'sudo -n' (passwordless sudo only)")
        boolean sudo,

        @Secret @Description("Text sent to the command's standard input")
        String stdin,

        @Description("Environment variables for the command; values never appear in a command line")
        Map<
                        @Pattern(
                                regexp = "[A-Za-z_][A-Za-z0-9_]*",
                                message = "must be a shell variable name: letters,"
                                        + " digits and _, not starting with a digit")
                        String,
                        String>
                env,

        @DefaultValue("false") @Description("Allocate a pseudo-terminal, for programs that insist on one")
        boolean pty,

        @Description("Terminate the remote command (its whole process group) after this long, such as 5m;"
                + " no limit when left out")
        Duration timeout,

        @DefaultValue("[0]") @NotEmpty @Description("Exit codes that count as success")
        List<Integer> okCodes) {

    static final String REMOTE_PROCESS_LIST =
            "in the remote command line, where every user of the host can read it" + " in its process list";
    static final String PASS_SECRETS = "pass it through stdin, or through env (sent over the SSH channel, never on a"
            + " command line), and refer to it as \"$NAME\" in a script";

    public SshExecParameters {
        env = env == null ? Map.of() : Map.copyOf(env);
        okCodes = okCodes == null ? null : List.copyOf(okCodes);
        command = command == null ? null : List.copyOf(command);
    }
}
