package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.Description;

/** What {@link GitPushStep} returns. */
public record GitPushOutputs(
        @Description("false when the remote already had the commit")
        boolean pushed,

        @Description("The commit the remote branch now points to")
        String commit,

        @Description("The branch pushed") String branch) {}
