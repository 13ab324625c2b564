package dev.nixboot.steps.ssh.knownhosts;

import dev.nixboot.engine.spi.Description;
import java.util.List;

/** What {@link KnownHostsStep} returns. */
public record KnownHostsOutputs(
        @Description("Whether the file was changed") boolean changed,

        @Description("SHA256 fingerprint of the key (empty for remove)")
        String fingerprint,

        @Description("After replace or remove: FILE:LINE of each pattern line that still trusts another key for a"
                + " host (left as it is; empty when none)")
        List<String> stillTrusted) {}
