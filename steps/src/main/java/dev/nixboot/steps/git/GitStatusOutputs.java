package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.Description;
import java.util.List;

/** What {@link GitStatusStep} returns. */
public record GitStatusOutputs(
        @Description("true when nothing is modified, staged, deleted or untracked")
        boolean clean,

        @Description("clean or dirty") String status,

        @Description("The changed paths, untracked ones included, sorted")
        List<String> changed,

        @Description("The checked-out branch (a commit id when HEAD is detached)")
        String branch,

        @Description("The commit HEAD points to; empty before the first commit")
        String commit) {}
