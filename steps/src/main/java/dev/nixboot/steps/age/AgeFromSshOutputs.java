package dev.nixboot.steps.age;

import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.Secret;
import java.util.List;

/** What {@link AgeFromSshStep} returns. */
public record AgeFromSshOutputs(
        @Description("The age recipient (age1...) of the first ssh-ed25519 key")
        String recipient,

        @Description("The age recipients of every ssh-ed25519 key found, in order")
        List<String> recipients,

        @Description("The types of keys that were not ssh-ed25519 and were skipped")
        List<String> skipped,

        @Description("The age identity (AGE-SECRET-KEY-1...), when a private key was given; absent otherwise") @Secret
        String identity) {}
