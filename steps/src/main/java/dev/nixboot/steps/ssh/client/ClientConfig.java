package dev.nixboot.steps.ssh.client;

import dev.nixboot.engine.spi.StepFailure;

/**
 * The SSH client configuration ({@code ~/.ssh/config} and what it includes), asked for one host at a time. The
 * installed OpenSSH answers when there is one ({@link OpenSshConfig}); nixboot's own reader ({@link SshConfigFile})
 * only where there is none.
 */
interface ClientConfig {
    /**
     * The options for a host as {@code ssh -G} prints them.
     *
     * @throws StepFailure when the configuration is invalid (naming the file and line) or cannot be read
     */
    ClientOptions options(HostQuery query) throws StepFailure;
}
