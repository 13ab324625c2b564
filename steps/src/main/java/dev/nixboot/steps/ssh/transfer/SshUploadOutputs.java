package dev.nixboot.steps.ssh.transfer;

import dev.nixboot.engine.spi.Description;

/** What {@link SshUploadStep} returns. */
public record SshUploadOutputs(
        @Description("How many files and links were written")
        long files,

        @Description("How many bytes were written") long bytes) {}
