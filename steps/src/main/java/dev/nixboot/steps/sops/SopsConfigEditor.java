package dev.nixboot.steps.sops;

import dev.nixboot.steps.sops.YamlTree.Alias;
import dev.nixboot.steps.sops.YamlTree.Entry;
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
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Adds or replaces a named age key in a {@code .sops.yaml} and makes sure the right creation rules list it, by
 * splicing lines into the text: comments, order, anchors and every other entry stay exactly as they were, and a run
 * that has nothing to do returns the text unchanged.
 *
 * <p>Understood shapes of {@code keys}: a mapping of groups to lists ({@code users: [&me age1..]}), a list of
 * one-entry group mappings ({@code - &hosts: [...]}, or {@code - hosts: [...]}), and a flat list of anchored keys.
 */
final class SopsConfigEditor {
    static final String USERS = "users";
    private static final Pattern PLAIN_SAFE =
            Pattern.compile("[A-Za-z0-9_.\\\\$^+?()|/-][A-Za-z0-9_.\\\\$^*+?()\\[\\]{}|/ -]*");

    /** What to change. A null {@code rules} or {@code withKeys} means the documented default. */
    record Request(String name, String key, String group, List<String> rules, List<String> withKeys) {}

    /**
     * @param entry {@code added}, {@code replaced} or {@code unchanged}
     * @param rulesUpdated path regexes of existing rules the key was added to
     * @param rulesCreated path regexes of rules that were written new
     */
    record Result(String text, String entry, List<String> rulesUpdated, List<String> rulesCreated) {
        boolean changed(String original) {
            return !text.equals(original);
        }
    }

    /** The file cannot be edited as asked; nothing was changed. */
    static final class EditFailure extends Exception {
        private static final long serialVersionUID = 1L;

        EditFailure(String message) {
            super(message);
        }
    }

    /** One group of keys: a name, and its list (null when the group is written but empty). */
    private record Group(String name, Sequence list, Node keyNode, Node valueNode) {}

    /** How the keys section is written. */
    private enum Shape { MAP, LIST_OF_GROUPS, FLAT, ABSENT }

    private final String original;
    private final TextEdits edits;
    private final Request request;

    private SopsConfigEditor(String original, Request request) {
        this.original = original;
        this.edits = new TextEdits(original);
        this.request = request;
    }

    static Result edit(String text, Request request) throws EditFailure {
        return new SopsConfigEditor(text, request).run();
    }

    /** The rules a key must be in when the request names none: documented in the step and the README. */
    static List<String> defaultRules(String name, String group, List<String> existingRules) {
        if (USERS.equals(group)) {
            return existingRules;
        }
        return List.of("shared\\.yaml$", name + "\\.yaml$");
    }

    private Result run() throws EditFailure {
        Node root;
        try {
            root = YamlTree.parse(original);
        } catch (YamlTree.InvalidYaml e) {
            throw new EditFailure("not valid YAML: " + e.getMessage());
        }
        if (root != null && !(root instanceof Mapping)) {
            throw new EditFailure(unknown("the top level is not a mapping"));
        }
        Mapping top = (Mapping) root;
        Node keysNode = top == null ? null : top.get("keys");
        Shape shape = shape(keysNode);
        List<Group> groups = groups(shape, keysNode);
        Node rulesNode = top == null ? null : top.get("creation_rules");
        List<Mapping> rules = rules(rulesNode);

        String entry = ensureKey(shape, top, keysNode, groups);
        List<String> existingRegexes = new ArrayList<>();
        for (Mapping rule : rules) {
            if (rule.get("path_regex") instanceof Scalar regex) {
                existingRegexes.add(regex.value());
            }
        }
        List<String> targets = request.rules() != null ? request.rules()
                : defaultRules(request.name(), request.group(), existingRegexes);
        List<String> withKeys = withKeys(shape, groups, rules);
        List<String> updated = new ArrayList<>();
        List<String> created = new ArrayList<>();
        List<String> toCreate = new ArrayList<>();
        for (String regex : new LinkedHashSet<>(targets)) {
            Mapping rule = findRule(rules, regex);
            if (rule == null) {
                toCreate.add(regex);
            } else if (addToRule(rule, regex)) {
                updated.add(regex);
            }
        }
        if (!toCreate.isEmpty()) {
            createRules(top, rulesNode, rules, toCreate, withKeys);
            created.addAll(toCreate);
        }
        String text = edits.apply();
        if (!text.equals(original)) {
            verify(text, targets);
        }
        return new Result(text, entry, List.copyOf(updated), List.copyOf(created));
    }

    // ---- keys -------------------------------------------------------------------------------------------------

    private static Shape shape(Node keys) throws EditFailure {
        if (keys == null || keys instanceof Scalar scalar && scalar.plainNull()) {
            return Shape.ABSENT;
        }
        if (keys instanceof Mapping map) {
            if (map.entries().isEmpty()) {
                throw new EditFailure(unknown("`keys` is an empty mapping; write `keys:` with nothing after it instead"));
            }
            for (Entry entry : map.entries()) {
                if (!(entry.key() instanceof Scalar) || !isKeyList(entry.value())) {
                    throw new EditFailure(unknown("`keys` is a mapping, but not of group names to lists of keys"));
                }
            }
            return Shape.MAP;
        }
        if (keys instanceof Sequence list && !list.items().isEmpty()) {
            if (list.items().stream().allMatch(item -> item instanceof Scalar)) {
                return Shape.FLAT;
            }
            for (Node item : list.items()) {
                if (!(item instanceof Mapping group) || group.entries().size() != 1
                        || !(group.entries().get(0).key() instanceof Scalar)
                        || !isKeyList(group.entries().get(0).value())) {
                    throw new EditFailure(unknown("`keys` is a list, but neither of keys nor of one-entry groups"));
                }
            }
            return Shape.LIST_OF_GROUPS;
        }
        throw new EditFailure(unknown("`keys` is neither a mapping of groups nor a list"));
    }

    private static boolean isKeyList(Node node) {
        return node instanceof Scalar scalar && scalar.plainNull()
                || node instanceof Sequence list && list.items().stream().allMatch(item -> item instanceof Scalar);
    }

    private static List<Group> groups(Shape shape, Node keys) {
        List<Group> groups = new ArrayList<>();
        switch (shape) {
            case MAP -> {
                for (Entry entry : ((Mapping) keys).entries()) {
                    groups.add(group(entry));
                }
            }
            case LIST_OF_GROUPS -> {
                for (Node item : ((Sequence) keys).items()) {
                    groups.add(group(((Mapping) item).entries().get(0)));
                }
            }
            case FLAT -> groups.add(new Group("", (Sequence) keys, null, keys));
            case ABSENT -> { }
        }
        return groups;
    }

    private static Group group(Entry entry) {
        Scalar key = (Scalar) entry.key();
        // `- &hosts:` is an empty key carrying the anchor `hosts`: the anchor is the group's name.
        String name = key.value().isEmpty() && key.anchor() != null ? key.anchor() : key.value();
        return new Group(name, entry.value() instanceof Sequence list ? list : null, key, entry.value());
    }

    private String ensureKey(Shape shape, Mapping top, Node keysNode, List<Group> groups) throws EditFailure {
        for (Group group : groups) {
            if (group.list() == null) {
                continue;
            }
            for (Node item : group.list().items()) {
                Scalar scalar = (Scalar) item;
                if (request.name().equals(scalar.anchor())) {
                    if (scalar.value().equals(request.key())) {
                        return "unchanged";
                    }
                    replaceValue(scalar);
                    return "replaced";
                }
            }
        }
        String definition = "&" + request.name() + " " + request.key();
        switch (shape) {
            case FLAT -> appendToList(groups.get(0).list(), definition);
            case MAP, LIST_OF_GROUPS -> {
                Group group = groups.stream().filter(g -> g.name().equals(request.group())).findFirst().orElse(null);
                if (group == null) {
                    addGroup(shape, keysNode, groups, definition);
                } else if (group.list() == null) {
                    int column = group.keyNode().start().column() + 2;
                    edits.insertLinesAfter(group.keyNode().start().line(), List.of(spaces(column) + "- " + definition));
                } else {
                    appendToList(group.list(), definition);
                }
            }
            case ABSENT -> addKeysSection(top, keysNode, definition);
        }
        return "added";
    }

    private void replaceValue(Scalar scalar) {
        int from = edits.offset(scalar.start());
        int to = edits.offset(scalar.end());
        String written = original.substring(from, to);
        // The span starts at the anchor; the value (maybe quoted) is its last occurrence.
        int at = written.lastIndexOf(scalar.value());
        edits.replace(from + at, from + at + scalar.value().length(), request.key());
    }

    private void addGroup(Shape shape, Node keysNode, List<Group> groups, String definition) {
        Group last = groups.get(groups.size() - 1);
        Group model = groups.stream().filter(g -> g.list() != null && !g.list().flow()).findFirst().orElse(null);
        int keyColumn = last.keyNode().start().column();
        int dashOffset = model == null ? 2 : model.list().start().column() - model.keyNode().start().column();
        int itemOffset = model == null ? 2 : model.list().items().get(0).start().column() - model.list().start().column();
        List<String> lines = new ArrayList<>();
        if (shape == Shape.MAP) {
            lines.add(spaces(keyColumn) + request.group() + ":");
        } else {
            int outerDash = ((Sequence) keysNode).start().column();
            lines.add(spaces(outerDash) + "-" + spaces(keyColumn - outerDash - 1) + "&" + request.group() + ":");
        }
        lines.add(spaces(keyColumn + dashOffset) + "-" + spaces(Math.max(1, itemOffset - 1)) + definition);
        edits.insertLinesAfter(lastLine(last.valueNode()), lines);
    }

    private void addKeysSection(Mapping top, Node keysNode, String definition) {
        List<String> lines = List.of("keys:", "  " + request.group() + ":", "    - " + definition);
        if (keysNode != null) {
            // `keys:` written but empty
            Entry entry = top.entry("keys");
            edits.insertLinesAfter(entry.key().start().line(), lines.subList(1, lines.size()));
        } else if (top == null || top.entries().isEmpty()) {
            edits.appendLines(lines);
        } else {
            // anchors must come before the aliases that use them, so the section goes first
            edits.insertLinesBefore(top.entries().get(0).key().start().line(), lines);
        }
    }

    // ---- creation rules ---------------------------------------------------------------------------------------

    private static List<Mapping> rules(Node rulesNode) throws EditFailure {
        List<Mapping> rules = new ArrayList<>();
        if (rulesNode == null || rulesNode instanceof Scalar scalar && scalar.plainNull()) {
            return rules;
        }
        if (!(rulesNode instanceof Sequence list) || list.flow()) {
            throw new EditFailure(unknown("`creation_rules` is not a block list of rules"));
        }
        for (Node item : list.items()) {
            if (!(item instanceof Mapping rule)) {
                throw new EditFailure(unknown("an entry of `creation_rules` is not a mapping"));
            }
            rules.add(rule);
        }
        return rules;
    }

    private static Mapping findRule(List<Mapping> rules, String regex) {
        for (Mapping rule : rules) {
            if (rule.get("path_regex") instanceof Scalar value && value.value().equals(regex)) {
                return rule;
            }
        }
        return null;
    }

    /** The age list of the rule's first key group; sops needs one key from every group, so the first is the one. */
    private static Sequence ageList(Mapping rule, String regex) throws EditFailure {
        Node groups = rule.get("key_groups");
        if (groups == null) {
            if (rule.get("age") != null) {
                throw new EditFailure("the rule for " + regex + " lists its keys in an `age:` string; nixboot edits "
                        + "rules written with key_groups (see the README)");
            }
            throw new EditFailure(unknown("the rule for " + regex + " has no key_groups"));
        }
        if (groups instanceof Sequence list) {
            for (Node group : list.items()) {
                if (group instanceof Mapping map && map.get("age") instanceof Sequence age) {
                    return age;
                }
            }
        }
        throw new EditFailure(unknown("the rule for " + regex + " has no key group with an `age` list"));
    }

    private boolean addToRule(Mapping rule, String regex) throws EditFailure {
        Sequence age = ageList(rule, regex);
        for (Node item : age.items()) {
            if (item instanceof Alias alias && alias.anchor().equals(request.name())
                    || item instanceof Scalar scalar && scalar.value().equals(request.key())) {
                return false;
            }
        }
        appendToList(age, "*" + request.name());
        return true;
    }

    private List<String> withKeys(Shape shape, List<Group> groups, List<Mapping> rules) throws EditFailure {
        Set<String> anchors = new LinkedHashSet<>();
        for (Group group : groups) {
            if (group.list() != null) {
                group.list().items().forEach(item -> anchors.add(((Scalar) item).anchor()));
            }
        }
        List<String> chosen = new ArrayList<>();
        if (request.withKeys() != null) {
            for (String name : request.withKeys()) {
                if (!anchors.contains(name)) {
                    throw new EditFailure("with_keys names " + name + ", but no key in `keys` has the anchor &" + name);
                }
                chosen.add(name);
            }
        } else if (shape == Shape.FLAT) {
            // Without groups, the keys every existing rule lists are the ones that must read everything...
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Mapping rule : rules) {
                Node groupsNode = rule.get("key_groups");
                if (groupsNode instanceof Sequence) {
                    for (Node item : ageList(rule, String.valueOf(rule.get("path_regex"))).items()) {
                        if (item instanceof Alias alias) {
                            counts.merge(alias.anchor(), 1, Integer::sum);
                        }
                    }
                }
            }
            // ...except host keys, recognisable by their name in some rule's path_regex (secrets/gusto/...).
            List<String> regexes = rules.stream().map(r -> r.get("path_regex"))
                    .filter(Scalar.class::isInstance).map(n -> ((Scalar) n).value()).toList();
            counts.forEach((name, count) -> {
                if (count == rules.size() && regexes.stream().noneMatch(regex -> regex.contains(name))) {
                    chosen.add(name);
                }
            });
        } else {
            for (Group group : groups) {
                if (group.name().equals(USERS) && group.list() != null) {
                    group.list().items().forEach(item -> chosen.add(((Scalar) item).anchor()));
                }
            }
        }
        chosen.remove(request.name());
        chosen.add(request.name());
        return chosen;
    }

    private void createRules(Mapping top, Node rulesNode, List<Mapping> rules, List<String> regexes,
            List<String> members) {
        // The first rule written with key_groups and an age list is the style new rules copy.
        Mapping model = null;
        for (Mapping rule : rules) {
            if (model == null && rule.get("key_groups") instanceof Sequence groups && !groups.items().isEmpty()
                    && groups.items().get(0) instanceof Mapping group && group.get("age") instanceof Sequence) {
                model = rule;
            }
        }
        int dash = rulesNode instanceof Sequence list ? list.start().column() : 2;
        int key = rules.isEmpty() ? dash + 2 : rules.get(0).start().column();
        List<String> lines = new ArrayList<>();
        for (String regex : regexes) {
            lines.addAll(ruleLines(model, dash, key, regex, members));
        }
        if (rules.isEmpty()) {
            if (rulesNode == null) {
                List<String> all = new ArrayList<>(List.of("creation_rules:"));
                all.addAll(lines);
                edits.appendLines(all);
            } else {
                edits.insertLinesAfter(top.entry("creation_rules").key().start().line(), lines);
            }
            return;
        }
        // A rule without path_regex matches every file; sops takes the first match, so it must stay last.
        Mapping catchAll = rules.stream().filter(r -> r.get("path_regex") == null).findFirst().orElse(null);
        if (catchAll != null) {
            edits.insertLinesBefore(catchAll.start().line(), lines);
        } else {
            edits.insertLinesAfter(lastLine(rules.get(rules.size() - 1)), lines);
        }
    }

    /** A new rule written like the existing ones: same indentation, same flow or block style for the age list. */
    private List<String> ruleLines(Mapping model, int dash, int key, String regex, List<String> members) {
        int groupsDash = key + 2;
        int groupKey = groupsDash + 2;
        boolean flow = true;
        int ageDash = groupKey + 2;
        int ageItem = ageDash + 2;
        if (model != null) {
            Sequence groups = (Sequence) model.get("key_groups");
            Mapping group = (Mapping) groups.items().get(0);
            Sequence age = (Sequence) group.get("age");
            int base = model.start().column();
            groupsDash = key + groups.start().column() - base;
            groupKey = key + group.start().column() - base;
            flow = age.flow();
            if (!flow && !age.items().isEmpty()) {
                ageDash = key + age.start().column() - base;
                ageItem = key + age.items().get(0).start().column() - base;
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(spaces(dash) + "-" + spaces(Math.max(1, key - dash - 1)) + "path_regex: " + yamlString(regex));
        lines.add(spaces(key) + "key_groups:");
        String groupPrefix = spaces(groupsDash) + "-" + spaces(Math.max(1, groupKey - groupsDash - 1)) + "age:";
        if (flow) {
            lines.add(groupPrefix + " [" + String.join(", ", members.stream().map(m -> "*" + m).toList()) + "]");
        } else {
            lines.add(groupPrefix);
            for (String member : members) {
                lines.add(spaces(ageDash) + "-" + spaces(Math.max(1, ageItem - ageDash - 1)) + "*" + member);
            }
        }
        return lines;
    }

    // ---- text ------------------------------------------------------------------------------------------------

    /** Adds an entry at the end of a list, in the list's own style. */
    private void appendToList(Sequence list, String entry) {
        if (list.flow()) {
            int end = edits.offset(list.end());
            String before = original.substring(edits.offset(list.start()) + 1, end).strip();
            edits.insert(end, before.isEmpty() || before.endsWith(",") ? entry : ", " + entry);
            return;
        }
        Node last = list.items().get(list.items().size() - 1);
        int dash = list.start().column();
        int item = list.items().get(0).start().column();
        edits.insertLinesAfter(lastLine(last), List.of(spaces(dash) + "-" + spaces(Math.max(1, item - dash - 1)) + entry));
    }

    /** The last line holding text of the node (a block collection's end mark sits on the line after it). */
    private int lastLine(Node node) {
        Node last = node;
        while (true) {
            if (last instanceof Sequence list && !list.flow() && !list.items().isEmpty()) {
                last = list.items().get(list.items().size() - 1);
            } else if (last instanceof Mapping map && !map.flow() && !map.entries().isEmpty()) {
                last = map.entries().get(map.entries().size() - 1).value();
            } else {
                break;
            }
        }
        YamlTree.Position end = last.end();
        // A scalar's end can be the start of the next line (a plain scalar ending at a line break).
        return end.column() == 0 && end.line() > last.start().line() ? end.line() - 1 : end.line();
    }

    private void verify(String text, List<String> targets) throws EditFailure {
        try {
            Mapping root = (Mapping) YamlTree.parse(text);
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            if (root == null || !(loaded instanceof Map<?, ?> map)) {
                throw new EditFailure("the edited file would not be a mapping; left unchanged");
            }
            Object rules = map.get("creation_rules");
            for (Object rule : rules instanceof List<?> list ? list : List.of()) {
                Map<?, ?> r = (Map<?, ?>) rule;
                if (targets.contains(String.valueOf(r.get("path_regex")))) {
                    List<?> groups = (List<?>) r.get("key_groups");
                    List<?> age = (List<?>) ((Map<?, ?>) groups.get(0)).get("age");
                    if (!age.contains(request.key())) {
                        throw new EditFailure("the edited rule for " + r.get("path_regex")
                                + " would not list the key; left unchanged");
                    }
                }
            }
        } catch (YamlTree.InvalidYaml | RuntimeException e) {
            throw new EditFailure("the edit would produce invalid YAML (" + e.getMessage() + "); left unchanged");
        }
    }

    private static String yamlString(String value) {
        if (PLAIN_SAFE.matcher(value).matches() && !value.contains(": ") && !value.contains(" #")
                && !value.endsWith(" ")) {
            return value;
        }
        return "'" + value.replace("'", "''") + "'";
    }

    private static String spaces(int count) {
        return " ".repeat(Math.max(0, count));
    }

    private static String unknown(String what) {
        return "unknown .sops.yaml shape: " + what + "; see the README for the shapes nixboot edits";
    }
}
