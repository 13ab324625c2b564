package dev.nixboot.steps.ssh.transfer;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.Secret;
import dev.nixboot.engine.spi.Unwrapped;
import dev.nixboot.steps.ssh.client.ConnectionParameters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** Parameters of {@code ssh.upload}. */
public record SshUploadParameters(
        @Unwrapped @Valid ConnectionParameters connection,

        @Description("Local file or directory to copy (relative to the working directory)")
        String source,

        @Secret @Description("Text to write to the destination file, instead of source")
        String content,

        @NotBlank @Description("Remote path; a directory source becomes this directory")
        String destination,

        @Pattern(regexp = Modes.PATTERN, message = "must be an octal mode such as \"0600\"")
        @Description(
                "Octal mode for the file (every file of a directory), such as \"0600\"; default: the" + " local file's")
        String mode,

        @Description("Owner to give the uploaded files, 'user' or 'user:group' (chown on the host)")
        String owner,

        @DefaultValue("true") @Description("Create missing parent directories of the destination")
        boolean parents) {}
