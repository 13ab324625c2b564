package dev.nixboot.steps.ssh.pinned;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.steps.ssh.client.ConnectionParameters;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/** Parameters of {@code ssh.pinned-proxy}. */
public record PinnedProxyParameters(
        // The host and the user are written into a script and name a file: plain characters only.
        @NotBlank
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9.:-]*", message = "must be a host name or an address")
        @Description("The target's name or address, exactly as nixos-anywhere is given it")
        String host,

        @DefaultValue("22") @Min(1) @Max(65535) @Description("The port nixos-anywhere connects to (its --ssh-port)")
        int port,

        @DefaultValue("root")
        @Pattern(regexp = "[a-z_][a-z0-9_-]*", message = "must be a user name such as root")
        @Description("The user nixos-anywhere logs in as")
        String user,

        @Description("Private key file for the pinned connection, besides the SSH agent; default: ssh's own"
                + " (~/.ssh/config's IdentityFile, ~/.ssh/id_*)")
        String identityFile,

        @NotBlank @Description("The one host key to accept, 'ssh-ed25519 AAAA...': the key you confirmed")
        String hostKey,

        @Pattern(regexp = ConnectionParameters.JUMP_HOST_PATTERN, message = ConnectionParameters.JUMP_HOST_MESSAGE)
        @Description("Jump hosts the pinned connection goes through (ssh -J), each checked against your own"
                + " known_hosts; the pin applies to the target; default: ~/.ssh/config's ProxyJump")
        String jumpHost,

        @DefaultValue("22")
        @Min(1)
        @Max(65535)
        @Description("Where a target that is not a NixOS installer answers"
                + " once nixos-anywhere has kexec'd it into one (its --post-kexec-ssh-port); it logs in there as root")
        int postKexecPort,

        @DefaultValue("30s") @Description("How long checking the pinned connection may take, such as 30s")
        Duration timeout,

        @DefaultValue("127.0.0.1")
        @Pattern(
                regexp = "[A-Za-z0-9][A-Za-z0-9.-]*(:[0-9]{1,5})?",
                message = "must be an address, optionally with :PORT")
        @Description("Where the target's own sshd listens, as the target itself sees it: the pinned"
                + " connection forwards nixos-anywhere's connections there, to the port it connected to"
                + " unless a :PORT is given (a target behind a port forward, whose sshd listens on 22)")
        String forwardTo) {}
