package dev.nixboot.steps.ssh;

import dev.nixboot.engine.spi.Description;

/** What {@link SshKeyscanStep} returns. */
public record SshKeyscanOutputs(
        @Description("The public key line, 'ssh-ed25519 AAAA...'")
        String key,

        @Description("Its SHA256 fingerprint, as ssh-keygen -l prints it")
        String fingerprint,

        @Description("The line known_hosts would hold for it")
        String knownHostsLine) {}
