package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.Description;

/** What {@link GitCloneStep} returns. */
public record GitCloneOutputs(
        @Description("The clone's working directory, absolute")
        String directory,

        @Description("The commit checked out") String commit,
        @Description("The branch checked out") String branch,

        @Description("false when the directory already held this clone")
        boolean cloned) {}
