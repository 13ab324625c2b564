package dev.nixboot.steps.ssh;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import jakarta.validation.constraints.NotBlank;

/** Parameters of {@code ssh.keygen}. */
public record SshKeygenParameters(
        @NotBlank
        @Description("Where the private key goes (mode 0600); the public key goes beside it with .pub" + " (0644)")
        String file,

        @DefaultValue("") @Description("Comment at the end of the public key")
        String comment,

        @DefaultValue("false")
        @Description("Replace an existing key; otherwise an existing key is kept and" + " reported")
        boolean overwrite) {}
