package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.Description;

/**
 * How the git steps that talk to a remote log in to an ssh one, declared once for git.clone, git.pull and git.push
 * (each takes it {@code @Unwrapped}, so playbooks write {@code identity_file:} and {@code known_hosts:} directly).
 * Host keys are checked strictly: no trust on first use.
 */
public record SshRemoteParameters(
        @Description("SSH private key file for ssh remotes, offered before the agent's keys; default: ~/.ssh/config's"
                + " IdentityFile, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa")
        String identityFile,

        @Description("known_hosts file the SSH host key must be in; default: ~/.ssh/config's UserKnownHostsFile, else"
                + " ~/.ssh/known_hosts")
        String knownHosts) {}
