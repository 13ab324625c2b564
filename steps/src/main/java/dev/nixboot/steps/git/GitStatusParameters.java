package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.Description;
import jakarta.validation.constraints.NotBlank;

@Description("The repository to inspect")
public record GitStatusParameters(
        @NotBlank
        @Description("The repository's working directory")
        String directory) {}
