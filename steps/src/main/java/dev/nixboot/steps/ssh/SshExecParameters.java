package dev.nixboot.steps.ssh;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.NoSecrets;
import dev.nixboot.engine.spi.Secret;
import dev.nixboot.steps.ssh.client.ConnectionParameters;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Parameters of {@code ssh.exec}. */
public record SshExecParameters(
        @NotBlank @Description("Host name, address or ~/.ssh/config alias") String host,
        @Min(1) @Max(65535) @Description("SSH port; default: ~/.ssh/config's Port, else 22") Integer port,
        @Description("Remote user; default: ~/.ssh/config's User, else the local user") String user,
        @Description("Private key file to authenticate with (besides the SSH agent); default: ~/.ssh/config's"
                + " IdentityFile, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa") String identityFile,
        @Description("known_hosts file the host key is checked against; default ~/.ssh/known_hosts") String knownHosts,
        @Description("The only host key to accept, as 'ssh-ed25519 AAAA...'; known_hosts is then not consulted")
                String hostKey,
        @DefaultValue("false") @Description("Trust a host known_hosts has no key for, and record its key there;"
                + " a changed key is refused all the same") boolean acceptNew,
        @Pattern(regexp = ConnectionParameters.JUMP_HOST_PATTERN, message = ConnectionParameters.JUMP_HOST_MESSAGE)
                @Description(ConnectionParameters.JUMP_HOST) String jumpHost,
        @DefaultValue("false") @Description("Let the command use the local SSH agent (ForwardAgent)")
                boolean forwardAgent,
        @Description("How long the whole handshake may take (TCP connect, SSH banner, key exchange and"
                + " authentication), such as 15s; default: ~/.ssh/config's ConnectTimeout, else 15s")
                Duration connectTimeout,
        @NoSecrets(shows = REMOTE_PROCESS_LIST, instead = PASS_SECRETS)
        @Description("The command as separate arguments, each quoted for the remote shell") List<@NotEmpty String> command,
        @NoSecrets(shows = REMOTE_PROCESS_LIST, instead = PASS_SECRETS)
        @Description("Shell text run by the remote login shell, instead of command") String script,
        @DefaultValue("false") @Description("Run through 'sudo -n' (passwordless sudo only)") boolean sudo,
        @Secret @Description("Text sent to the command's standard input") String stdin,
        @Description("Environment variables for the command; values never appear in a command line")
                Map<@Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "must be a shell variable name: letters,"
                        + " digits and _, not starting with a digit") String, String> env,
        @DefaultValue("false") @Description("Allocate a pseudo-terminal, for programs that insist on one") boolean pty,
        @Description("Terminate the remote command (its whole process group) after this long, such as 5m;"
                + " no limit when left out") Duration timeout,
        @DefaultValue("[0]") @Description("Exit codes that count as success") List<Integer> okCodes)
        implements ConnectionParameters {

    static final String REMOTE_PROCESS_LIST = "in the remote command line, where every user of the host can read it"
            + " in its process list";
    static final String PASS_SECRETS = "pass it through stdin, or through env (sent over the SSH channel, never on a"
            + " command line), and refer to it as \"$NAME\" in a script";

    public SshExecParameters {
        env = env == null ? Map.of() : Map.copyOf(env);
        okCodes = okCodes == null || okCodes.isEmpty() ? List.of(0) : List.copyOf(okCodes);
        command = command == null ? null : List.copyOf(command);
    }

    /** Just a command on a host, everything else default; for tests and programmatic use. */
    public static SshExecParameters of(String host, int port, String user, List<String> command) {
        return new SshExecParameters(host, port, user, null, null, null, false, null, false, null, command, null,
                false, null, null, false, null, null);
    }
}
