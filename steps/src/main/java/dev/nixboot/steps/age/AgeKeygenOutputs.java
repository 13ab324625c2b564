package dev.nixboot.steps.age;

import dev.nixboot.engine.spi.Description;

/** What {@link AgeKeygenStep} returns: nothing secret; the identity stays in its file. */
public record AgeKeygenOutputs(
        @Description("The public key (age1...) of the identity in the file")
        String recipient,

        @Description("The identity file, as an absolute path")
        String file,

        @Description("Whether a new identity was written (false when the file was kept)")
        boolean created) {}
