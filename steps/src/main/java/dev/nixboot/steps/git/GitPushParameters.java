package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.Unwrapped;
import jakarta.validation.constraints.NotBlank;

public record GitPushParameters(
        @NotBlank @Description("The repository's working directory")
        String directory,

        @DefaultValue("origin") @Description("The remote to push to")
        String remote,

        @Description("The branch to push (to the branch of the same name); default: the current branch")
        String branch,

        @DefaultValue("false") @Description("Overwrite the remote branch even when that loses commits on it")
        boolean force,

        @Unwrapped SshRemoteParameters sshRemote) {}
