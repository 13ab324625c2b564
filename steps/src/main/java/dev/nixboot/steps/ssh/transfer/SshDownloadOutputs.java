package dev.nixboot.steps.ssh.transfer;

import dev.nixboot.engine.spi.Description;

/** What {@link SshDownloadStep} returns. */
public record SshDownloadOutputs(
        @Description("The local path written") String path,

        @Description("How many files and links were written")
        long files,

        @Description("How many bytes were written") long bytes) {}
