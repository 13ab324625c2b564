package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.Description;
import jakarta.validation.constraints.NotBlank;

public record GitStatusParameters(
        @NotBlank @Description("The repository's working directory")
        String directory) {}
