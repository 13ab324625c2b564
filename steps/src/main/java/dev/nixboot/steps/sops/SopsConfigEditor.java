package dev.nixboot.steps.sops;

import static dev.nixboot.steps.sops.YamlSplices.spaces;

import dev.nixboot.steps.sops.KeysSection.Key;
import dev.nixboot.steps.sops.SopsRules.Rule;
import dev.nixboot.steps.sops.YamlTree.Alias;
import dev.nixboot.steps.sops.YamlTree.Mapping;
import dev.nixboot.steps.sops.YamlTree.Node;
import dev.nixboot.steps.sops.YamlTree.Scalar;
import dev.nixboot.steps.sops.YamlTree.Sequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Adds or replaces a named age key in a {@code .sops.yaml} and makes sure the right creation rules list it, by
 * splicing lines into the text: comments, order, anchors and every other entry stay exactly as they were, and a run
 * that has nothing to do returns the text unchanged.
 *
 * <p>Two passes, each on the text the one before produced: the key in {@code keys:} (see {@link KeysSection}), then
 * the rules. The second pass and a final check read the file as sops does ({@link SopsRules}), so a rule that already
 * names the key through a {@code <<} merge is left alone, and an edit that would leave a rule encrypting to anything
 * other than before plus the new key is refused. Only the rules the step edits or creates are looked at: a pgp-only,
 * kms-only or otherwise foreign rule elsewhere stays as it is.
 */
final class SopsConfigEditor {
    static final String USERS = "users";
    private static final Pattern PLAIN_SAFE =
            Pattern.compile("[A-Za-z0-9_.\\\\$^+?()|/-][A-Za-z0-9_.\\\\$^*+?()\\[\\]{}|/ -]*");

    /** What to change. A null {@code rules} or {@code withKeys} means the documented default. */
    record Request(String name, String key, String group, List<String> rules, List<String> withKeys) {}

    /**
     * @param entry {@code added}, {@code replaced} or {@code unchanged}
     * @param rulesUpdated path regexes of existing rules the key was added to (empty for a rule without one)
     * @param rulesCreated path regexes of rules that were written new
     * @param notes what the user should know beyond that: keys left out or carried over, old keys still defined
     */
    record Result(String text, String entry, List<String> rulesUpdated, List<String> rulesCreated, List<String> notes) {
        boolean changed(String original) {
            return !text.equals(original);
        }
    }

    /** The file cannot be edited as asked; nothing was changed. {@code line} is one-based, 0 when it has none. */
    static final class EditFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        EditFailure(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private final Request request;
    private final List<String> notes = new ArrayList<>();

    private SopsConfigEditor(Request request) {
        this.request = request;
    }

    static Result edit(String text, Request request) throws EditFailure {
        return new SopsConfigEditor(request).run(text);
    }

    /** The rules a key must be in when the request names none: documented in the step and src/docs/built-in-steps.md. */
    static List<String> defaultRules(String name, String group, List<String> existingRules) {
        if (USERS.equals(group)) {
            return existingRules;
        }
        return List.of("shared\\.yaml$", name + "\\.yaml$");
    }

    private Result run(String original) throws EditFailure {
        Mapping top = top(original);
        List<Rule> before = SopsRules.of(original, top);

        // Pass 1: the named key.
        KeysSection keys = KeysSection.of(top);
        Key existing = keys.find(request.name());
        YamlSplices splices = new YamlSplices(original);
        String entry;
        String oldKey = null;
        if (existing == null) {
            keys.add(splices, request.group(), "&" + request.name() + " " + request.key());
            entry = "added";
        } else if (existing.value().equals(request.key())) {
            entry = "unchanged";
        } else {
            oldKey = existing.value();
            splices.replaceInScalar(existing.node(), oldKey, request.key());
            entry = "replaced";
        }
        String text = splices.apply();

        // Pass 2: the rules, read again from the text with the key in place. The file is only written at the end,
        // so what is said of a rule names its line in the file as it is now; the first pass adds no rule.
        KeysSection.Shape shape = keys.shape();
        top = top(text);
        keys = KeysSection.of(top);
        List<Rule> rules = new ArrayList<>();
        List<Rule> read = SopsRules.of(text, top);
        for (int i = 0; i < read.size(); i++) {
            Rule rule = read.get(i);
            rules.add(new Rule(rule.regex(), before.get(i).line(), rule.keyGroups(), rule.groups()));
        }
        List<Mapping> ruleNodes = ruleNodes(top);
        splices = new YamlSplices(text);
        if (oldKey != null) {
            rotate(top, keys, rules, splices, oldKey);
        }
        List<String> targets = request.rules() != null
                ? request.rules()
                : defaultRules(
                        request.name(),
                        request.group(),
                        rules.stream().map(Rule::regex).toList());
        List<String> updated = new ArrayList<>();
        List<String> toCreate = new ArrayList<>();
        for (String regex : new LinkedHashSet<>(targets)) {
            int index = indexOf(rules, regex);
            if (index < 0) {
                toCreate.add(regex);
            } else if (!rules.get(index).first().age().contains(request.key())) {
                addToRule(splices, rules.get(index), ruleNodes.get(index));
                updated.add(regex);
            }
        }
        if (!toCreate.isEmpty()) {
            createRules(splices, top, rules, ruleNodes, toCreate, members(shape, keys, rules));
        }
        String result = splices.apply();
        if (!result.equals(original)) {
            noteRulesReachedThroughGroups(before, rules);
            verify(rules, result, targets, toCreate, oldKey, keys);
        }
        if (oldKey != null) {
            noteOldKeyLeftInText(result, oldKey, keys);
        }
        return new Result(result, entry, List.copyOf(updated), List.copyOf(toCreate), List.copyOf(notes));
    }

    private static Mapping top(String text) throws EditFailure {
        Node root;
        try {
            root = YamlTree.parse(text);
        } catch (YamlTree.InvalidYaml e) {
            throw new EditFailure(e.line(), "not valid YAML: " + e.getMessage());
        }
        if (root != null && !(root instanceof Mapping)) {
            throw new EditFailure(
                    root.start().line() + 1,
                    "unknown .sops.yaml shape: the top level is not a mapping;"
                            + " see src/docs/built-in-steps.md#sopsrecipients in the nixboot repository for the shapes nixboot edits");
        }
        return (Mapping) root;
    }

    // ---- rotation ----------------------------------------------------------------------------------------------

    /**
     * After the named key changed, the old key must not stay a recipient anywhere: rules that list it raw (in a list,
     * or in a comma-separated string) get the new key in its place. Another name defined with the same key is left,
     * since it is another name, and said.
     */
    private void rotate(Mapping top, KeysSection keys, List<Rule> rules, YamlSplices splices, String oldKey) {
        replaceEverywhere(top.get("creation_rules"), splices, oldKey);
        replaceEverywhere(top.get("destination_rules"), splices, oldKey);
        for (Key other : keys.keys()) {
            if (other.value().equals(oldKey)) {
                List<String> listing = rules.stream()
                        .filter(rule -> rule.recipients().contains(oldKey))
                        .map(Rule::describe)
                        .toList();
                notes.add("the old key of &" + request.name() + " is also defined as &" + other.anchor() + " (line "
                        + (other.node().start().line() + 1) + "); left as it is"
                        + (listing.isEmpty() ? "" : ", so " + String.join(", ", listing) + " still encrypt to it"));
            }
        }
    }

    /**
     * Whatever still holds the old key once the rules are checked is no recipient (a comment, say), but is said all
     * the same: a rotated-out key should not be found in the file without the user knowing why.
     */
    private void noteOldKeyLeftInText(String text, String oldKey, KeysSection keys) {
        Set<Integer> definitions = new LinkedHashSet<>();
        keys.keys().stream()
                .filter(key -> key.value().equals(oldKey))
                .forEach(key -> definitions.add(key.node().start().line()));
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(oldKey) && !definitions.contains(i)) {
                notes.add("line " + (i + 1) + " still holds the old key of &" + request.name() + ", where sops does"
                        + " not read it as a recipient (a comment, say): edit it if it should go");
            }
        }
    }

    private void replaceEverywhere(Node node, YamlSplices splices, String oldKey) {
        if (node instanceof Scalar scalar
                && scalar.anchor() == null
                && scalar.value().contains(oldKey)) {
            splices.replaceInScalar(scalar, oldKey, request.key());
        } else if (node instanceof Sequence list) {
            list.items().forEach(item -> replaceEverywhere(item, splices, oldKey));
        } else if (node instanceof Mapping map) {
            map.entries().forEach(entry -> replaceEverywhere(entry.value(), splices, oldKey));
        }
    }

    // ---- rules ---------------------------------------------------------------------------------------------------

    private static List<Mapping> ruleNodes(Mapping top) throws EditFailure {
        List<Mapping> rules = new ArrayList<>();
        Node rulesNode = top == null ? null : top.get("creation_rules");
        if (rulesNode == null || rulesNode instanceof Scalar scalar && scalar.plainNull()) {
            return rules;
        }
        if (!(rulesNode instanceof Sequence list) || list.flow()) {
            throw new EditFailure(
                    rulesNode.start().line() + 1,
                    "unknown .sops.yaml shape: `creation_rules` is not a"
                            + " block list of rules; see src/docs/built-in-steps.md#sopsrecipients in the nixboot repository for the shapes nixboot edits");
        }
        for (Node item : list.items()) {
            if (!(item instanceof Mapping rule)) {
                throw new EditFailure(
                        item.start().line() + 1,
                        "unknown .sops.yaml shape: an entry of `creation_rules`"
                                + " is not a mapping; see src/docs/built-in-steps.md#sopsrecipients in the nixboot repository for the shapes nixboot edits");
            }
            rules.add(rule);
        }
        return rules;
    }

    /** The rule with that path_regex; the empty regex names the rule without one, as sops treats them alike. */
    private static int indexOf(List<Rule> rules, String regex) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).regex().equals(regex)) {
                return i;
            }
        }
        return -1;
    }

    /** Lists the key in the rule's first key group (sops needs one key of every group), in the rule's own style. */
    private void addToRule(YamlSplices splices, Rule rule, Mapping node) throws EditFailure {
        String alias = "*" + request.name();
        if (rule.keyGroups()) {
            Mapping group = node.get("key_groups") instanceof Sequence groups
                            && groups.items().get(0) instanceof Mapping first
                    ? first
                    : null;
            if (group == null) {
                throw new EditFailure(rule.line(), rule.describe() + ": its first key group is not a mapping");
            }
            Node age = group.get("age");
            if (age instanceof Sequence list && !list.items().isEmpty()) {
                splices.appendToList(list, alias);
            } else if (age == null && group.get("<<") == null) {
                // a group without age keys yet (pgp only, say): it gets an age list
                splices.appendToMapping(group, List.of("age:", "- " + alias));
            } else {
                throw new EditFailure(
                        rule.line(),
                        rule.describe() + ": its first key group takes its age keys from"
                                + " a merge (<<) or an empty list; add *" + request.name()
                                + " where they are written, or name other rules in rules");
            }
            return;
        }
        Node age = node.get("age");
        if (age instanceof Sequence list && !list.items().isEmpty()) {
            splices.appendToList(list, alias);
        } else if (age instanceof Scalar scalar && !scalar.plainNull()) {
            // a comma-separated string can only hold keys, not aliases
            splices.appendToString(scalar, request.key());
        } else if (age instanceof Alias other) {
            splices.replaceNode(other, "[*" + other.anchor() + ", " + alias + "]");
        } else if (age == null) {
            splices.appendToMapping(node, List.of("age: " + alias));
        } else {
            throw new EditFailure(rule.line(), rule.describe() + ": its age field is empty; write the keys there");
        }
    }

    /**
     * Who new rules list beside the key, by kind: age keys go into {@code age:}, PGP fingerprints into {@code pgp:};
     * sops hands every age entry to age and fails on anything else (age/keysource.go:489-516).
     */
    private Map<KeyKind, List<String>> members(KeysSection.Shape shape, KeysSection keys, List<Rule> rules)
            throws EditFailure {
        Map<String, Key> byAnchor = new LinkedHashMap<>();
        keys.keys().forEach(key -> byAnchor.putIfAbsent(key.anchor(), key));
        Map<KeyKind, List<String>> members = new LinkedHashMap<>();
        members.put(KeyKind.AGE, new ArrayList<>());
        members.put(KeyKind.PGP, new ArrayList<>());
        List<String> anchors = new ArrayList<>();
        if (request.withKeys() != null) {
            for (String name : request.withKeys()) {
                if (!byAnchor.containsKey(name)) {
                    throw new EditFailure(
                            0, "with_keys names " + name + ", but no key in `keys` has the anchor &" + name);
                }
                anchors.add(name);
            }
        } else if (shape == KeysSection.Shape.FLAT || shape == KeysSection.Shape.ABSENT) {
            // Without groups, the keys every existing rule lists are the ones that must read everything, except
            // host keys, recognisable by their name in some rule's path_regex (secrets/gusto/...).
            List<String> regexes = rules.stream()
                    .map(Rule::regex)
                    .filter(regex -> !regex.isEmpty())
                    .toList();
            for (String shared : shared(rules)) {
                Key named = keys.keys().stream()
                        .filter(k -> k.value().equals(shared))
                        .findFirst()
                        .orElse(null);
                if (named != null) {
                    if (regexes.stream().noneMatch(regex -> regex.contains(named.anchor()))) {
                        anchors.add(named.anchor());
                    }
                } else if (!shared.equals(request.key())) {
                    // no name for it: written as the rules hold it
                    KeyKind kind = KeyKind.of(shared);
                    if (kind == KeyKind.OTHER) {
                        notes.add("new rules do not list " + shared + ", which every existing rule lists: not an"
                                + " age or PGP key");
                    } else {
                        members.get(kind).add(shared);
                        notes.add("new rules also list " + shared + ", which every existing rule lists");
                    }
                }
            }
        } else {
            anchors.addAll(keys.members(USERS));
        }
        anchors.remove(request.name());
        for (String anchor : anchors) {
            Key key = byAnchor.get(anchor);
            KeyKind kind = key.kind();
            if (kind == KeyKind.OTHER) {
                notes.add("new rules do not list &" + anchor + ": " + key.value() + " is neither an age nor a PGP key");
            } else {
                members.get(kind).add("*" + anchor);
                if (kind == KeyKind.PGP) {
                    notes.add("new rules list &" + anchor + " under pgp: it is a PGP fingerprint, not an age key");
                }
            }
        }
        members.get(KeyKind.AGE).add("*" + request.name());
        return members;
    }

    /** The age and PGP keys every rule lists. Kinds sops reads from other services (kms, ...) are said, not copied. */
    private List<String> shared(List<Rule> rules) {
        if (rules.isEmpty()) {
            return List.of();
        }
        Set<String> common = null;
        Set<String> otherKinds = new LinkedHashSet<>();
        for (Rule rule : rules) {
            Set<String> listed = new LinkedHashSet<>();
            rule.groups().forEach(group -> {
                listed.addAll(group.age());
                listed.addAll(group.pgp());
                otherKinds.addAll(group.others());
            });
            if (common == null) {
                common = listed;
            } else {
                common.retainAll(listed);
            }
        }
        if (!otherKinds.isEmpty()) {
            notes.add("new rules do not list the " + String.join(", ", otherKinds) + " keys existing rules use;"
                    + " add them to the new rules if those services must decrypt the files");
        }
        return List.copyOf(common);
    }

    private void createRules(
            YamlSplices splices,
            Mapping top,
            List<Rule> rules,
            List<Mapping> nodes,
            List<String> regexes,
            Map<KeyKind, List<String>> members) {
        // The first rule written with key_groups and an age list is the style new rules copy.
        Mapping model = null;
        for (Mapping rule : nodes) {
            if (model == null
                    && rule.get("key_groups") instanceof Sequence groups
                    && !groups.items().isEmpty()
                    && groups.items().get(0) instanceof Mapping group
                    && group.get("age") instanceof Sequence age
                    && !age.items().isEmpty()) {
                model = rule;
            }
        }
        Node rulesNode = top == null ? null : top.get("creation_rules");
        int dash = rulesNode instanceof Sequence list ? list.start().column() : 2;
        int key = nodes.isEmpty() ? dash + 2 : nodes.get(0).start().column();
        List<String> lines = new ArrayList<>();
        for (String regex : regexes) {
            lines.addAll(ruleLines(model, dash, key, regex, members));
        }
        if (nodes.isEmpty()) {
            if (rulesNode == null) {
                List<String> all = new ArrayList<>(List.of("creation_rules:"));
                all.addAll(lines);
                splices.edits().appendLines(all);
            } else {
                splices.edits()
                        .insertLinesAfter(
                                top.entry("creation_rules").key().start().line(), lines);
            }
            return;
        }
        // A rule without path_regex matches every file; sops takes the first match, so it must stay last.
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).regex().isEmpty()) {
                notes.add("new rules go before " + rules.get(i).describe() + ", which matches every file");
                splices.edits().insertLinesBefore(nodes.get(i).start().line(), lines);
                return;
            }
        }
        splices.edits().insertLinesAfter(splices.lastLine(nodes.get(nodes.size() - 1)), lines);
    }

    /** A new rule written like the existing ones: same indentation, same flow or block style for the key lists. */
    private static List<String> ruleLines(
            Mapping model, int dash, int key, String regex, Map<KeyKind, List<String>> members) {
        int groupsDash = key + 2;
        int groupKey = groupsDash + 2;
        boolean flow = true;
        int itemDash = groupKey + 2;
        int item = itemDash + 2;
        if (model != null) {
            Sequence groups = (Sequence) model.get("key_groups");
            Mapping group = (Mapping) groups.items().get(0);
            Sequence age = (Sequence) group.get("age");
            int base = model.start().column();
            groupsDash = key + groups.start().column() - base;
            groupKey = key + group.start().column() - base;
            flow = age.flow();
            if (!flow) {
                itemDash = key + age.start().column() - base;
                item = key + age.items().get(0).start().column() - base;
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(spaces(dash) + "-" + spaces(Math.max(1, key - dash - 1)) + "path_regex: " + yamlString(regex));
        lines.add(spaces(key) + "key_groups:");
        boolean firstField = true;
        for (KeyKind kind : List.of(KeyKind.PGP, KeyKind.AGE)) {
            List<String> keys = members.get(kind);
            if (keys.isEmpty()) {
                continue;
            }
            String prefix = (firstField
                            ? spaces(groupsDash) + "-" + spaces(Math.max(1, groupKey - groupsDash - 1))
                            : spaces(groupKey))
                    + kind.field() + ":";
            firstField = false;
            if (flow) {
                lines.add(prefix + " [" + String.join(", ", keys) + "]");
            } else {
                lines.add(prefix);
                for (String member : keys) {
                    lines.add(spaces(itemDash) + "-" + spaces(Math.max(1, item - itemDash - 1)) + member);
                }
            }
        }
        return lines;
    }

    // ---- check ---------------------------------------------------------------------------------------------------

    /** Rules that list the key only because their key group merges the group it was added to (<<: *hosts). */
    private void noteRulesReachedThroughGroups(List<Rule> before, List<Rule> afterKeys) {
        for (int i = 0; i < before.size() && i < afterKeys.size(); i++) {
            if (!before.get(i).recipients().contains(request.key())
                    && afterKeys.get(i).recipients().contains(request.key())) {
                notes.add(afterKeys.get(i).describe() + " now lists &" + request.name() + " too: it takes its keys"
                        + " from the group the key was added to");
            }
        }
    }

    /**
     * Reads the result as sops would and compares it with the file as the first pass left it: every rule keeps
     * exactly its recipients, but for the old key turned into the new one and the new key added to the target rules;
     * new rules list the key, and in age lists only age keys.
     */
    private void verify(
            List<Rule> before,
            String text,
            List<String> targets,
            List<String> created,
            String oldKey,
            KeysSection keysBefore)
            throws EditFailure {
        Mapping top;
        try {
            top = top(text);
        } catch (EditFailure e) {
            throw new EditFailure(0, "the edit would produce invalid YAML (" + e.getMessage() + "); left unchanged");
        }
        List<Rule> after = SopsRules.of(text, top);
        // An old key still defined under another name stays wherever that name is used (and was said).
        boolean oldKeyStays = oldKey != null
                && keysBefore.keys().stream()
                        .anyMatch(k -> k.value().equals(oldKey) && !k.anchor().equals(request.name()));
        int old = 0;
        for (Rule rule : after) {
            boolean isNew = created.contains(rule.regex())
                    && before.stream().noneMatch(b -> b.regex().equals(rule.regex()));
            if (isNew) {
                if (!rule.first().age().contains(request.key())
                        || rule.first().age().stream().anyMatch(key -> KeyKind.of(key) != KeyKind.AGE)) {
                    throw bug(rule, "would not list the key, or would list a key that is not age under age");
                }
                continue;
            }
            Rule was = before.get(old++);
            Set<String> expected = new LinkedHashSet<>();
            for (String key : was.recipients()) {
                expected.add(key.equals(oldKey) ? request.key() : key);
            }
            if (targets.contains(rule.regex())) {
                expected.add(request.key());
                if (!rule.first().age().contains(request.key())) {
                    throw bug(rule, "would not list the key in its first key group");
                }
            }
            Set<String> actual = rule.recipients();
            if (oldKeyStays) {
                expected.remove(oldKey);
                actual.remove(oldKey);
                if (was.recipients().contains(oldKey)) {
                    expected.remove(request.key());
                    actual.remove(request.key());
                }
            }
            if (!actual.equals(expected)) {
                throw bug(rule, "would encrypt to " + actual + " instead of " + expected);
            }
        }
    }

    private static EditFailure bug(Rule rule, String what) {
        return new EditFailure(
                rule.line(),
                "checking the edit as sops reads it: " + rule.describe() + " " + what
                        + "; the file is left unchanged (please report this)");
    }

    private static String yamlString(String value) {
        if (PLAIN_SAFE.matcher(value).matches()
                && !value.contains(": ")
                && !value.contains(" #")
                && !value.endsWith(" ")) {
            return value;
        }
        return "'" + value.replace("'", "''") + "'";
    }
}
