package dev.nixboot.steps.ssh.pinned;

import dev.nixboot.engine.spi.Description;

/** What {@link PinnedProxyStep} returns. */
public record PinnedProxyOutputs(
        @Description("'ProxyCommand=...', for nixos-anywhere's --ssh-option")
        String sshOption,

        @Description("The file holding only the pinned key") String knownHosts,
        @Description("The pinned key's SHA256 fingerprint") String fingerprint) {}
