package dev.nixboot.steps.sops;

import dev.nixboot.steps.sops.YamlTree.Mapping;
import dev.nixboot.steps.sops.YamlTree.Node;
import dev.nixboot.steps.sops.YamlTree.Sequence;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The creation rules of a {@code .sops.yaml} as sops reads them (getsops/sops config/config.go): aliases and
 * {@code <<} merges resolved, rules in file order, the first whose {@code path_regex} matches a file deciding its keys
 * (parseCreationRuleForFile, config.go:586-598), a rule without {@code path_regex} matching every file. What the editor
 * checks its work against, so "the rule lists the key" means what it means to sops, not to the text.
 */
final class SopsRules {

    /** The recipients of one key group. Each list keeps sops' order; {@code others} names other key kinds present. */
    record Group(List<String> age, List<String> pgp, Set<String> others) {
        boolean lists(String key) {
            return age.contains(key) || pgp.contains(key);
        }
    }

    /**
     * One creation rule.
     *
     * @param regex its {@code path_regex}; empty for a rule without one, which sops treats alike (config.go:587)
     * @param line one-based line of the rule in the file
     * @param keyGroups whether it names its keys in {@code key_groups} (else the keys are the rule's own fields)
     * @param groups the key groups: those of key_groups, or the one sops makes of the rule's own fields
     */
    record Rule(String regex, int line, boolean keyGroups, List<Group> groups) {
        /** Every recipient of every group, for comparing what a rule encrypts to before and after an edit. */
        Set<String> recipients() {
            Set<String> all = new LinkedHashSet<>();
            for (Group group : groups) {
                all.addAll(group.age());
                all.addAll(group.pgp());
                group.others().forEach(kind -> all.add(kind + ":*"));
            }
            return all;
        }

        /** Where a key goes to be listed: the first key group, since sops needs one key of every group. */
        Group first() {
            return groups.isEmpty() ? new Group(List.of(), List.of(), Set.of()) : groups.get(0);
        }

        String describe() {
            return regex.isEmpty()
                    ? "the rule without path_regex (line " + line + ")"
                    : "the rule for " + regex + " (line " + line + ")";
        }
    }

    private static final List<String> OTHER_KINDS =
            List.of("kms", "gcp_kms", "azure_keyvault", "hc_vault", "hc_vault_transit_uri", "hckms");

    private SopsRules() {}

    /** The rules of a config whose text parsed into {@code root}; none when it has no creation_rules. */
    static List<Rule> of(String text, Node root) {
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        List<Rule> rules = new ArrayList<>();
        if (!(loaded instanceof Map<?, ?> config)
                || !(config.get("creation_rules") instanceof List<?> list)
                || !(root instanceof Mapping top)
                || !(top.get("creation_rules") instanceof Sequence nodes)) {
            return rules;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> rule) {
                rules.add(rule(rule, nodes.items().get(i).start().line() + 1));
            }
        }
        return rules;
    }

    private static Rule rule(Map<?, ?> rule, int line) {
        Object regex = rule.get("path_regex");
        String pathRegex = regex == null ? "" : String.valueOf(regex);
        // config.go:373-380: key_groups, when given, are the keys; the rule's own fields are ignored then.
        if (rule.get("key_groups") instanceof List<?> groups && !groups.isEmpty()) {
            List<Group> read = new ArrayList<>();
            for (Object group : groups) {
                read.add(group(group instanceof Map<?, ?> map ? map : Map.of()));
            }
            return new Rule(pathRegex, line, true, List.copyOf(read));
        }
        // config.go:381-448: otherwise one group of the rule's own fields, each a list or a comma-separated string.
        Set<String> others = new LinkedHashSet<>();
        for (String kind : OTHER_KINDS) {
            if (rule.get(kind) != null) {
                others.add(kind);
            }
        }
        Group group = new Group(field(rule.get("age")), field(rule.get("pgp")), others);
        return new Rule(
                pathRegex,
                line,
                false,
                group.age().isEmpty() && group.pgp().isEmpty() && others.isEmpty() ? List.of() : List.of(group));
    }

    /** config.go:311-360, extractMasterKeys: merge groups first, then age (each entry comma-split), pgp, others. */
    private static Group group(Map<?, ?> group) {
        List<String> age = new ArrayList<>();
        List<String> pgp = new ArrayList<>();
        Set<String> others = new LinkedHashSet<>();
        if (group.get("merge") instanceof List<?> merged) {
            for (Object sub : merged) {
                Group inner = group(sub instanceof Map<?, ?> map ? map : Map.of());
                age.addAll(inner.age());
                pgp.addAll(inner.pgp());
                others.addAll(inner.others());
            }
        }
        if (group.get("age") instanceof List<?> list) {
            // age.MasterKeysFromRecipients splits each entry on commas (age/keysource.go:87-103) and trims it.
            list.forEach(entry -> age.addAll(field(entry)));
        }
        if (group.get("pgp") instanceof List<?> list) {
            list.forEach(entry -> pgp.add(String.valueOf(entry)));
        }
        for (String kind : OTHER_KINDS) {
            if (group.get(kind) != null) {
                others.add(kind);
            }
        }
        return new Group(List.copyOf(age), List.copyOf(pgp), others);
    }

    /** config.go:225-258, parseKeyField: a string is split on commas and trimmed, empty parts dropped; a list as is. */
    private static List<String> field(Object value) {
        List<String> keys = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(entry -> keys.addAll(field(entry)));
        } else if (value != null) {
            for (String part : String.valueOf(value).split(",")) {
                if (!part.strip().isEmpty()) {
                    keys.add(part.strip());
                }
            }
        }
        return keys;
    }
}
