package dev.nixboot.steps.ssh.transfer;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.Unwrapped;
import dev.nixboot.steps.ssh.client.ConnectionParameters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** Parameters of {@code ssh.download}. */
public record SshDownloadParameters(
        @Unwrapped @Valid ConnectionParameters connection,
        @NotBlank @Description("Remote file or directory") String source,

        @NotBlank
        @Description("Local path (relative to the working directory); a directory source becomes this" + " directory")
        String destination,

        @Pattern(regexp = Modes.PATTERN, message = "must be an octal mode such as \"0600\"")
        @Description("Octal mode for the file (every file of a directory); default: the remote file's")
        String mode,

        @DefaultValue("true") @Description("Create missing parent directories of the destination")
        boolean parents) {}
