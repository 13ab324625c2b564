package dev.nixboot.steps.local;

import dev.nixboot.engine.spi.Description;

/** What {@link ConfirmStep} returns. */
public record ConfirmOutputs(
        @Description("true for yes, false for no") boolean answer) {}
