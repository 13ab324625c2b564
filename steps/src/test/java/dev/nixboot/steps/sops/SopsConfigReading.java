package dev.nixboot.steps.sops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The test's own reading of a {@code .sops.yaml}, written from getsops/sops config/config.go and kept apart from the
 * step's code so the two can disagree: the creation rules in order, each with the key groups sops builds from it.
 * YAML anchors, aliases and {@code <<} merges are resolved by the YAML loader, as go-yaml resolves them for sops.
 */
final class SopsConfigReading {
    /** One key group: its age recipients and PGP fingerprints. */
    record Group(List<String> age, List<String> pgp) {}

    /** A creation rule: its path_regex ("" when absent) and key groups. */
    record Rule(String regex, List<Group> groups) {
        List<String> age() {
            return groups.stream().flatMap(g -> g.age().stream()).toList();
        }

        List<String> pgp() {
            return groups.stream().flatMap(g -> g.pgp().stream()).toList();
        }
    }

    private SopsConfigReading() {}

    static List<Rule> rules(String text) {
        Map<?, ?> config = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        List<Rule> rules = new ArrayList<>();
        for (Object item : (List<?>) config.get("creation_rules")) {
            Map<?, ?> rule = (Map<?, ?>) item;
            String regex = rule.get("path_regex") == null ? "" : (String) rule.get("path_regex");
            List<Group> groups = new ArrayList<>();
            if (rule.get("key_groups") instanceof List<?> keyGroups && !keyGroups.isEmpty()) {
                // config.go getKeyGroupsFromCreationRule: key_groups win over the rule's own fields
                for (Object group : keyGroups) {
                    groups.add(group((Map<?, ?>) group));
                }
            } else {
                // config.go parseKeyField: a string is comma-separated, a list taken entry by entry
                groups.add(new Group(split(rule.get("age")), split(rule.get("pgp"))));
            }
            rules.add(new Rule(regex, groups));
        }
        return rules;
    }

    /** config.go extractMasterKeys: merge groups, then each age entry through age.MasterKeysFromRecipients. */
    private static Group group(Map<?, ?> group) {
        List<String> age = new ArrayList<>();
        List<String> pgp = new ArrayList<>();
        if (group.get("merge") instanceof List<?> merged) {
            for (Object sub : merged) {
                Group inner = group((Map<?, ?>) sub);
                age.addAll(inner.age());
                pgp.addAll(inner.pgp());
            }
        }
        if (group.get("age") instanceof List<?> list) {
            list.forEach(entry -> age.addAll(split(entry)));
        }
        if (group.get("pgp") instanceof List<?> list) {
            list.forEach(entry -> pgp.add(((String) entry).strip()));
        }
        return new Group(age, pgp);
    }

    private static List<String> split(Object value) {
        List<String> keys = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(entry -> keys.addAll(split(entry)));
        } else if (value instanceof String text) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    keys.add(part.strip());
                }
            }
        }
        return keys;
    }
}
