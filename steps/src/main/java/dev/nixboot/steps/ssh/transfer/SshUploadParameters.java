package dev.nixboot.steps.ssh.transfer;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.Secret;
import dev.nixboot.steps.ssh.client.ConnectionParameters;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** Parameters of {@code ssh.upload}. */
public record SshUploadParameters(
        @NotBlank @Description("Host name, address or ~/.ssh/config alias") String host,
        @Min(1) @Max(65535) @Description("SSH port; default: ~/.ssh/config's Port, else 22") Integer port,
        @Description("Remote user; default: ~/.ssh/config's User, else the local user") String user,
        @Description("Private key file to authenticate with, besides the SSH agent") String identityFile,
        @Description("known_hosts file; default ~/.ssh/known_hosts") String knownHosts,
        @Description("The only host key to accept, 'ssh-ed25519 AAAA...'") String hostKey,
        @DefaultValue("false") @Description("Trust and record an unknown host's key") boolean acceptNew,
        @Pattern(regexp = ConnectionParameters.JUMP_HOST_PATTERN, message = ConnectionParameters.JUMP_HOST_MESSAGE)
                @Description(ConnectionParameters.JUMP_HOST) String jumpHost,
        @Description("Local file or directory to copy (relative to the working directory)") String source,
        @Secret @Description("Text to write to the destination file, instead of source") String content,
        @NotBlank @Description("Remote path; a directory source becomes this directory") String destination,
        @Pattern(regexp = Modes.PATTERN, message = "must be an octal mode such as \"0600\"")
                @Description("Octal mode for the file (every file of a directory), such as \"0600\"; default: the"
                        + " local file's") String mode,
        @Description("Owner to give the uploaded files, 'user' or 'user:group' (chown on the host)") String owner,
        @DefaultValue("true") @Description("Create missing parent directories of the destination") boolean parents)
        implements ConnectionParameters {}
