package dev.nixboot.steps.sops;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Locale;

public record SopsRecipientsParameters(
        @DefaultValue(".sops.yaml") @Description("The sops config to edit; created when missing")
        String file,

        @NotBlank
        @Pattern(regexp = "[A-Za-z0-9_-]+", message = "must be letters, digits, _ or - (it becomes a YAML anchor)")
        @Description("The key's anchor name, e.g. the host name gusto (written as &gusto)")
        String name,

        @NotBlank
        @Pattern(regexp = "age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}", message = "must be an age recipient (age1...)")
        @Description("The age recipient, e.g. from age.from-ssh or age.keygen")
        String recipient,

        @DefaultValue("hosts") @Description("The group under keys: to add a new key to (ignored for a flat keys list)")
        KeyGroup group,

        @Description("path_regex of every creation rule that must list the key ('' names the rule without"
                + " path_regex); missing rules are created. Default for hosts: shared\\.yaml$ and <name>\\.yaml$;"
                + " for users: every existing rule")
        List<String> rules,

        @Description("Anchor names to list beside the key in rules this step creates (PGP keys go under pgp). "
                + "Default: the users group (flat lists and files without keys: the keys every existing rule lists)")
        List<String> withKeys) {
    public SopsRecipientsParameters {
        rules = rules == null ? null : List.copyOf(rules);
        withKeys = withKeys == null ? null : List.copyOf(withKeys);
    }

    /** The groups a key can join under keys:, as .sops.yaml files name them. */
    public enum KeyGroup {
        HOSTS,
        USERS;

        /** As playbooks and .sops.yaml spell it. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
