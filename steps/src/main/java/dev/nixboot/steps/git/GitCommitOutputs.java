package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.Description;
import java.util.List;

/** What {@link GitCommitStep} returns. */
public record GitCommitOutputs(
        @Description("Whether a commit was made") boolean committed,
        @Description("committed, or nothing to commit") String status,

        @Description("HEAD afterwards: the new commit, or the unchanged HEAD")
        String commit,

        @Description("The paths the commit changed, sorted; empty when nothing was committed")
        List<String> paths) {}
