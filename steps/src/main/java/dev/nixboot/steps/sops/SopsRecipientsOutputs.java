package dev.nixboot.steps.sops;

import dev.nixboot.engine.spi.Description;
import java.util.List;

/** What {@link SopsRecipientsStep} returns. */
public record SopsRecipientsOutputs(
        @Description("Whether the file was written") boolean changed,

        @Description("added, replaced or unchanged: what happened to the named key")
        String entry,

        @Description("path_regex of existing rules the key was added to")
        List<String> rulesUpdated,

        @Description("path_regex of rules that were created")
        List<String> rulesCreated,

        @Description("What else was done or left, also shown as notices: PGP keys listed under pgp, keys carried"
                + " over from the existing rules, an old key still defined under another name")
        List<String> notes) {}
