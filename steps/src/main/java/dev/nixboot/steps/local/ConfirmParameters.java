package dev.nixboot.steps.local;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import jakarta.validation.constraints.NotBlank;

/** The {@code with:} of a {@code confirm} step. */
public record ConfirmParameters(
        @Description("The question, such as 'Wipe the disks of gusto?'.") @NotBlank
        String question,

        @Description("Fail the step (and so skip its dependents) when the answer is no.") @DefaultValue("true")
        boolean abortOnNo) {}
