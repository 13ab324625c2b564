package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.Description;
import jakarta.validation.constraints.NotBlank;

public record GitSigningCheckParameters(
        @NotBlank @Description("The repository's working directory")
        String directory,

        @Description("Author name, as given to git.commit; default: user.name from git config. An OpenPGP or X.509 "
                + "signature without user.signingkey uses the committer's key")
        String authorName,

        @Description("Author email, as given to git.commit; default: user.email from git config")
        String authorEmail) {}
