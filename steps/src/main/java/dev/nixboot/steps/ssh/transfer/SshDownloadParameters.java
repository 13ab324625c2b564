package dev.nixboot.steps.ssh.transfer;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.steps.ssh.client.ConnectionParameters;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** Parameters of {@code ssh.download}. */
public record SshDownloadParameters(
        @NotBlank @Description("Host name, address or ~/.ssh/config alias") String host,
        @Min(1) @Max(65535) @Description("SSH port; default: ~/.ssh/config's Port, else 22") Integer port,
        @Description("Remote user; default: ~/.ssh/config's User, else the local user") String user,
        @Description("Private key file to authenticate with, besides the SSH agent") String identityFile,
        @Description("known_hosts file; default ~/.ssh/known_hosts") String knownHosts,
        @Description("The only host key to accept, 'ssh-ed25519 AAAA...'") String hostKey,
        @DefaultValue("false") @Description("Trust and record an unknown host's key") boolean acceptNew,
        @Pattern(regexp = ConnectionParameters.JUMP_HOST_PATTERN, message = ConnectionParameters.JUMP_HOST_MESSAGE)
                @Description(ConnectionParameters.JUMP_HOST) String jumpHost,
        @NotBlank @Description("Remote file or directory") String source,
        @NotBlank @Description("Local path (relative to the working directory); a directory source becomes this"
                + " directory") String destination,
        @Pattern(regexp = Modes.PATTERN, message = "must be an octal mode such as \"0600\"")
                @Description("Octal mode for the file (every file of a directory); default: the remote file's")
                String mode,
        @DefaultValue("true") @Description("Create missing parent directories of the destination") boolean parents)
        implements ConnectionParameters {}
