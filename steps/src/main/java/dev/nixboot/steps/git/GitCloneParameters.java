package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.Unwrapped;
import jakarta.validation.constraints.NotBlank;

public record GitCloneParameters(
        @NotBlank
        @Description("The repository: a local path, file://..., ssh://user@host[:port]/path or user@host:path")
        String url,

        @NotBlank @Description("The directory to clone into; an existing clone of the same url is left as it is")
        String directory,

        @Description("The branch to check out; the remote's default branch when left out")
        String branch,

        @Unwrapped SshRemoteParameters sshRemote) {}
