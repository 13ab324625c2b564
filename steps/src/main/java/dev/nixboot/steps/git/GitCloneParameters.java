package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.Description;
import jakarta.validation.constraints.NotBlank;

public record GitCloneParameters(
        @NotBlank
        @Description("The repository: a local path, file://..., ssh://user@host[:port]/path or user@host:path")
        String url,
        @NotBlank
        @Description("The directory to clone into; an existing clone of the same url is left as it is")
        String directory,
        @Description("The branch to check out; the remote's default branch when left out")
        String branch,
        @Description("SSH private key file for ssh remotes, offered before the agent's keys; default: ~/.ssh/config's"
                + " IdentityFile, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa")
        String identityFile,
        @Description("known_hosts file the SSH host key must be in; default: ~/.ssh/known_hosts")
        String knownHosts) {}
