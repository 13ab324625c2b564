package dev.nixboot.steps.ssh.sync;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.Unwrapped;
import dev.nixboot.steps.ssh.client.ConnectionParameters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

/** Parameters of {@code ssh.sync}. */
public record SshSyncParameters(
        @Unwrapped @Valid ConnectionParameters connection,

        @NotBlank @Description("Local directory whose content is mirrored (relative to the working directory)")
        String source,

        @NotBlank @Description("Remote directory that becomes a copy of source's content")
        String destination,

        @DefaultValue("true")
        @Description("Delete remote files that are not in source (files the ignore rules" + " exclude are kept)")
        boolean delete,

        @DefaultValue("true") @Description("Honour .gitignore files in source")
        boolean gitignore) {}
