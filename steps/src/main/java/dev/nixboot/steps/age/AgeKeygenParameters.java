package dev.nixboot.steps.age;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import jakarta.validation.constraints.NotBlank;

public record AgeKeygenParameters(
        @NotBlank @Description("The identity file to write (mode 0600), e.g. ~/.config/sops/age/keys.txt")
        String file,

        @DefaultValue("false")
        @Description(
                "Replace an existing file with a new identity; otherwise an existing file is kept and its key reported")
        boolean overwrite) {}
