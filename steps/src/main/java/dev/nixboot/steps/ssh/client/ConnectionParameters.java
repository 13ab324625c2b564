package dev.nixboot.steps.ssh.client;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/**
 * How a step reaches a host over SSH: the parameters every step that logs in to a host shares, declared, constrained
 * and described once. Steps take it as an {@code @Unwrapped} component, so playbooks write {@code host:},
 * {@code port:} and the rest directly under {@code with:}. Each left out (null) means: what {@code ~/.ssh/config}
 * says for the host, else ssh's own default.
 */
public record ConnectionParameters(
        @NotBlank @Description(HOST) String host,
        @Min(1) @Max(65535) @Description(PORT) Integer port,

        @Description("Remote user; default: ~/.ssh/config's User, else the local user")
        String user,

        @Description("Private key file to authenticate with (besides the SSH agent); default: ~/.ssh/config's"
                + " IdentityFile, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa")
        String identityFile,

        @Description("known_hosts file the host key is checked against; default: ~/.ssh/config's"
                + " UserKnownHostsFile, else ~/.ssh/known_hosts")
        String knownHosts,

        @Description("The only host key to accept, as 'ssh-ed25519 AAAA...'; known_hosts is then not consulted")
        String hostKey,

        @DefaultValue("false")
        @Description("Trust a host known_hosts has no key for, and record its key there;"
                + " a changed key is refused all the same")
        boolean acceptNew,

        @Pattern(regexp = JUMP_HOST_PATTERN, message = JUMP_HOST_MESSAGE) @Description(JUMP_HOST)
        String jumpHost,

        @Description("How long the whole handshake may take (TCP connect, SSH banner, key exchange and"
                + " authentication), such as 15s; default: ~/.ssh/config's ConnectTimeout, else 15s")
        Duration connectTimeout) {

    /** The {@code host} parameter's description, also for the steps that only fetch a host's key. */
    public static final String HOST = "Host name, address or ~/.ssh/config alias";
    /** The {@code port} parameter's description, likewise. */
    public static final String PORT = "SSH port; default: ~/.ssh/config's Port, else 22";
    /** The {@code jump_host} parameter's description, likewise. */
    public static final String JUMP_HOST = "Jump hosts to connect through, as ssh -J and ProxyJump take them:"
            + " '[user@]host[:port]', several separated by commas, each with its host key checked against"
            + " known_hosts; 'none' ignores ~/.ssh/config's ProxyJump (as ssh -J none does); default: ~/.ssh/config's"
            + " ProxyJump or ProxyCommand";
    /** One hop: {@code [ssh://][user@]host[:port]}, an address with colons in brackets. */
    static final String JUMP_HOP = "(?:ssh://)?(?:[^@,\\s]+@)?"
            + "(?:\\[[^\\]\\s,/]+\\]|[^-\\s:,@\\[\\]/][^\\s:,@\\[\\]/]*)(?::[0-9]{1,5})?/?";
    /** {@code none}, or hops separated by commas. */
    public static final String JUMP_HOST_PATTERN = "none|" + JUMP_HOP + "(?:," + JUMP_HOP + ")*";

    public static final String JUMP_HOST_MESSAGE = "must be [user@]host[:port], several separated by commas, or none";

    /**
     * A host reached as {@code ~/.ssh/config} says, with only what the caller names: where {@code ssh.keyscan} and
     * {@code ssh.wait} fetch a key from, where a git remote is.
     */
    public static ConnectionParameters of(
            String host, Integer port, String user, String identityFile, String knownHosts, String jumpHost) {
        return new ConnectionParameters(host, port, user, identityFile, knownHosts, null, false, jumpHost, null);
    }
}
