package dev.nixboot.steps.local;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import jakarta.validation.constraints.NotBlank;

/** The {@code with:} of a {@code prompt} step. */
public record PromptParameters(
        @Description("The question, such as 'Disk to install on'.") @NotBlank
        String question,

        @Description("Read without echo and treat the answer as a secret: masked in all output, kept out of state.")
        @DefaultValue("false")
        boolean secret,

        @Description("The answer when the user just presses Enter, and under --yes.")
        String defaultValue) {}
