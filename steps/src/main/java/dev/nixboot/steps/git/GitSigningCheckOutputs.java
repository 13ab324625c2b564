package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.Description;

/** What {@link GitSigningCheckStep} returns. */
public record GitSigningCheckOutputs(
        @Description("Whether commits in the repository are signed (commit.gpgsign)")
        boolean signs,

        @Description("openpgp, x509 or ssh (gpg.format); empty when commits are not signed")
        String format,

        @Description("The key commits are signed with; empty when they are not signed")
        String key) {}
