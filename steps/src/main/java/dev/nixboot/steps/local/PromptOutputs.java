package dev.nixboot.steps.local;

import dev.nixboot.engine.spi.Description;

/**
 * What {@link PromptStep} returns. Whether the answer is secret depends on the step's {@code secret:} parameter, so the
 * component is not {@link dev.nixboot.engine.spi.Secret}: the step registers a secret answer with
 * {@code StepContext.addSecret}, which masks it wherever it goes and keeps the output out of state files.
 */
public record PromptOutputs(
        @Description("The answer; when the prompt is secret, masked everywhere and never saved for --resume")
        String value) {}
