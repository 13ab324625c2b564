package dev.nixboot.steps.ssh;

import dev.nixboot.engine.spi.Description;

/** What {@link SshKeygenStep} returns: nothing secret; the private key stays in its file. */
public record SshKeygenOutputs(
        @Description("The public key line, 'ssh-ed25519 AAAA...'")
        String publicKey,

        @Description("Its SHA256 fingerprint") String fingerprint,
        @Description("The private key's path") String path,
        @Description("Whether a new key was made") boolean created) {}
