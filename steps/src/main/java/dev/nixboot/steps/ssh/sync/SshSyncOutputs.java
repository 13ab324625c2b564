package dev.nixboot.steps.ssh.sync;

import dev.nixboot.engine.spi.Description;

/** What {@link SshSyncStep} returns. */
public record SshSyncOutputs(
        @Description("Files, links and directories sent") int sent,
        @Description("Bytes of file content sent") long sentBytes,

        @Description("Remote paths deleted (each with everything under it)")
        int deleted,

        @Description("Local paths that needed nothing") int unchanged) {}
