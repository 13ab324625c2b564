package dev.nixboot.steps.ssh;

import dev.nixboot.engine.spi.Description;

/** What {@link SshWaitStep} returns. */
public record SshWaitOutputs(
        @Description("The host key it answered with") String key,
        @Description("Its SHA256 fingerprint") String fingerprint,

        @Description("How long the host took to answer, in seconds")
        long waitedSeconds) {}
