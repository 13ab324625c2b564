package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

public record GitPullParameters(
        @NotBlank
        @Description("The repository's working directory")
        String directory,
        @DefaultValue("origin")
        @Description("The remote to pull from")
        String remote,
        @Description("The remote branch; default: the current branch's upstream, else a branch of the same name")
        String branch,
        @DefaultValue("ff-only")
        @Pattern(regexp = "ff-only|merge|rebase", message = "must be ff-only, merge or rebase")
        @Description("ff-only refuses diverged histories; merge creates a merge commit; rebase replays local commits")
        String mode,
        @Description("SSH private key file for ssh remotes, offered before the agent's keys; default: ~/.ssh/config's"
                + " IdentityFile, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa")
        String identityFile,
        @Description("known_hosts file the SSH host key must be in; default: ~/.ssh/known_hosts")
        String knownHosts) {}
