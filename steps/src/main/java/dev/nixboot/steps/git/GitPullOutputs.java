package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.Description;

/** What {@link GitPullStep} returns. */
public record GitPullOutputs(
        @Description("Whether HEAD moved") boolean updated,
        @Description("HEAD afterwards") String commit,
        @Description("HEAD before the pull") String previous) {}
