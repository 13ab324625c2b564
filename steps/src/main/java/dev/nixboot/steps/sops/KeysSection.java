package dev.nixboot.steps.sops;

import static dev.nixboot.steps.sops.YamlSplices.spaces;

import dev.nixboot.steps.sops.SopsConfigEditor.EditFailure;
import dev.nixboot.steps.sops.YamlTree.Alias;
import dev.nixboot.steps.sops.YamlTree.Entry;
import dev.nixboot.steps.sops.YamlTree.Mapping;
import dev.nixboot.steps.sops.YamlTree.Node;
import dev.nixboot.steps.sops.YamlTree.Scalar;
import dev.nixboot.steps.sops.YamlTree.Sequence;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code keys:} section of a {@code .sops.yaml}: the named keys (anchors) and the groups they are written in.
 * sops itself ignores the section (its config struct has no such field, getsops/sops config/config.go:126-130); it
 * exists so rules can name keys by alias. The shapes found in real configurations:
 *
 * <ul>
 *   <li>a mapping of group names to lists: {@code users: [&me age1..]};
 *   <li>a list of one-entry groups: {@code - &hosts:} then the list (the group is named by its anchor);
 *   <li>a list of anchored lists: {@code - &hosts} then {@code - &gusto age1..} (0xTux/nixos-config);
 *   <li>a list of anchored key groups: {@code - &users} then {@code pgp: [...]}, {@code age: [...]}, and groups made of
 *       others by {@code <<: [*users, *hosts]} (Misterio77/nix-config);
 *   <li>a flat list of anchored keys, age and PGP alike.
 * </ul>
 */
final class KeysSection {
    enum Shape {
        MAP,
        LIST_OF_GROUPS,
        LIST_OF_LISTS,
        LIST_OF_KEY_GROUPS,
        FLAT,
        ABSENT
    }

    /** A named key: {@code &anchor value}. */
    record Key(String anchor, String value, Scalar node) {
        KeyKind kind() {
            return KeyKind.of(value);
        }
    }

    /**
     * A group of keys.
     *
     * @param name its name (the mapping key, or the anchor)
     * @param node where it is written: the entry's key, or the anchored list or mapping
     * @param lists the lists holding its keys (for key-group groups: the age and pgp lists); empty when none yet
     * @param value the node after the name, whose last line new lines go after
     */
    record Group(String name, Node node, List<Sequence> lists, Node value) {
        Sequence ageList() {
            if (value instanceof Mapping map && map.get("age") instanceof Sequence age) {
                return age;
            }
            return lists.isEmpty() || value instanceof Mapping ? null : lists.get(0);
        }
    }

    private final Shape shape;
    private final Mapping top;
    private final Node node;
    private final List<Group> groups;
    private final List<Key> keys;

    private KeysSection(Shape shape, Mapping top, Node node, List<Group> groups, List<Key> keys) {
        this.shape = shape;
        this.top = top;
        this.node = node;
        this.groups = groups;
        this.keys = keys;
    }

    static KeysSection of(Mapping top) throws EditFailure {
        Node node = top == null ? null : top.get("keys");
        List<Key> keys = new ArrayList<>();
        collect(node, keys);
        if (node == null || node instanceof Scalar scalar && scalar.plainNull()) {
            return new KeysSection(Shape.ABSENT, top, node, List.of(), keys);
        }
        List<Group> groups = new ArrayList<>();
        if (node instanceof Mapping map) {
            if (map.entries().isEmpty()) {
                throw unknown(node, "`keys` is an empty mapping; write `keys:` with nothing after it instead");
            }
            for (Entry entry : map.entries()) {
                if (!(entry.key() instanceof Scalar) || !isKeyList(entry.value())) {
                    throw unknown(entry.key(), "`keys` is a mapping, but not of group names to lists of keys");
                }
                groups.add(namedGroup(entry));
            }
            return new KeysSection(Shape.MAP, top, node, groups, keys);
        }
        if (!(node instanceof Sequence list) || list.items().isEmpty()) {
            throw unknown(node, "`keys` is neither a mapping of groups nor a list");
        }
        if (list.items().stream().allMatch(Scalar.class::isInstance)) {
            groups.add(new Group("", list, List.of(list), list));
            return new KeysSection(Shape.FLAT, top, node, groups, keys);
        }
        if (list.items().stream().anyMatch(Scalar.class::isInstance)) {
            Node group = list.items().stream()
                    .filter(item -> !(item instanceof Scalar))
                    .findFirst()
                    .orElseThrow();
            throw unknown(group, "`keys` is a list that mixes keys and groups of keys");
        }
        Shape shape = null;
        for (Node item : list.items()) {
            Shape itemShape;
            if (item instanceof Mapping group
                    && group.entries().size() == 1
                    && !group.flow()
                    && group.entries().get(0).key() instanceof Scalar key
                    && !"<<".equals(key.value())
                    && !isKind(key.value())
                    && isKeyList(group.entries().get(0).value())) {
                itemShape = Shape.LIST_OF_GROUPS;
                groups.add(namedGroup(group.entries().get(0)));
            } else if (item instanceof Sequence inner && inner.anchor() != null && isKeyList(inner)) {
                itemShape = Shape.LIST_OF_LISTS;
                groups.add(new Group(inner.anchor(), inner, List.of(inner), inner));
            } else if (item instanceof Mapping group && group.anchor() != null && isKeyGroup(group)) {
                itemShape = Shape.LIST_OF_KEY_GROUPS;
                List<Sequence> lists = new ArrayList<>();
                for (Entry entry : group.entries()) {
                    if (entry.value() instanceof Sequence kindList && isKind(((Scalar) entry.key()).value())) {
                        lists.add(kindList);
                    }
                }
                groups.add(new Group(group.anchor(), group, lists, group));
            } else {
                throw unknown(item, "`keys` is a list, but neither of keys nor of groups of keys");
            }
            if (shape != null && shape != itemShape) {
                throw unknown(item, "`keys` is a list that mixes ways of writing groups");
            }
            shape = itemShape;
        }
        return new KeysSection(shape, top, node, groups, keys);
    }

    Shape shape() {
        return shape;
    }

    List<Key> keys() {
        return keys;
    }

    /** The key named {@code anchor}, or null; a name defined twice is refused, since aliases mean the later one. */
    Key find(String anchor) throws EditFailure {
        Key found = null;
        for (Key key : keys) {
            if (key.anchor().equals(anchor)) {
                if (found != null) {
                    throw new EditFailure(
                            key.node().start().line() + 1,
                            "&" + anchor + " is defined twice (lines "
                                    + (found.node().start().line() + 1) + " and "
                                    + (key.node().start().line() + 1)
                                    + "); aliases mean the later one, so nixboot will not guess which to change. Remove one");
                }
                found = key;
            }
        }
        return found;
    }

    /** The anchors of the keys in a group, in file order; empty when there is no such group. */
    List<String> members(String group) {
        List<String> anchors = new ArrayList<>();
        for (Group g : groups) {
            if (g.name().equals(group)) {
                g.lists().forEach(list -> list.items().forEach(item -> {
                    if (item instanceof Scalar scalar && scalar.anchor() != null) {
                        anchors.add(scalar.anchor());
                    }
                }));
            }
        }
        return anchors;
    }

    /** Writes {@code &name key} into the group, in the section's own shape and indentation. */
    void add(YamlSplices splices, String group, String definition) {
        Group target =
                groups.stream().filter(g -> g.name().equals(group)).findFirst().orElse(null);
        switch (shape) {
            case FLAT -> splices.appendToList(groups.get(0).lists().get(0), definition);
            case ABSENT -> addSection(splices, group, definition);
            default -> {
                if (target == null) {
                    addGroup(splices, group, definition);
                } else if (target.ageList() != null) {
                    splices.appendToList(target.ageList(), definition);
                } else if (target.value() instanceof Mapping keyGroup) {
                    splices.appendToMapping(keyGroup, List.of("age:", "- " + definition));
                } else {
                    int column = target.node().start().column() + 2;
                    splices.edits()
                            .insertLinesAfter(
                                    target.node().start().line(), List.of(spaces(column) + "- " + definition));
                }
            }
        }
    }

    private void addGroup(YamlSplices splices, String group, String definition) {
        Group last = groups.get(groups.size() - 1);
        List<String> lines = new ArrayList<>();
        int outerDash = node.start().column();
        switch (shape) {
            case MAP, LIST_OF_GROUPS -> {
                Group model = groups.stream()
                        .filter(g -> !g.lists().isEmpty() && !g.lists().get(0).flow())
                        .findFirst()
                        .orElse(null);
                int keyColumn = last.node().start().column();
                int dashOffset = model == null
                        ? 2
                        : model.lists().get(0).start().column()
                                - model.node().start().column();
                int itemOffset = model == null
                        ? 2
                        : model.lists().get(0).items().get(0).start().column()
                                - model.lists().get(0).start().column();
                lines.add(
                        shape == Shape.MAP
                                ? spaces(keyColumn) + group + ":"
                                : spaces(outerDash) + "-" + spaces(keyColumn - outerDash - 1) + "&" + group + ":");
                lines.add(spaces(keyColumn + dashOffset) + "-" + spaces(Math.max(1, itemOffset - 1)) + definition);
            }
            case LIST_OF_LISTS -> {
                Sequence model = last.lists().get(0);
                lines.add(spaces(outerDash) + "- &" + group);
                lines.add(spaces(model.start().column()) + "- " + definition);
            }
            default -> {
                // a list of key groups: the new group holds an age list, written like the first group's lists
                Mapping model = (Mapping) groups.get(0).value();
                int key = model.entries().get(0).key().start().column();
                lines.add(spaces(outerDash) + "- &" + group);
                lines.add(spaces(key) + "age:");
                lines.add(spaces(
                                groups.get(0).lists().isEmpty()
                                        ? key
                                        : groups.get(0).lists().get(0).start().column()) + "- " + definition);
            }
        }
        splices.edits().insertLinesAfter(splices.lastLine(node), lines);
    }

    private void addSection(YamlSplices splices, String group, String definition) {
        List<String> lines = List.of("keys:", "  " + group + ":", "    - " + definition);
        if (node != null) {
            // `keys:` written but empty
            splices.edits().insertLinesAfter(top.entry("keys").key().start().line(), lines.subList(1, lines.size()));
        } else if (top == null || top.entries().isEmpty()) {
            splices.edits().appendLines(lines);
        } else {
            // anchors must come before the aliases that use them, so the section goes first
            splices.edits().insertLinesBefore(top.entries().get(0).key().start().line(), lines);
        }
    }

    private static Group namedGroup(Entry entry) {
        Scalar key = (Scalar) entry.key();
        // `- &hosts:` is an empty key carrying the anchor `hosts`: the anchor is the group's name.
        String name = key.value().isEmpty() && key.anchor() != null ? key.anchor() : key.value();
        return new Group(name, key, entry.value() instanceof Sequence list ? List.of(list) : List.of(), entry.value());
    }

    private static void collect(Node node, List<Key> keys) {
        if (node instanceof Scalar scalar
                && scalar.anchor() != null
                && !scalar.value().isEmpty()) {
            keys.add(new Key(scalar.anchor(), scalar.value().strip(), scalar));
        } else if (node instanceof Sequence list) {
            list.items().forEach(item -> collect(item, keys));
        } else if (node instanceof Mapping map) {
            map.entries().forEach(entry -> collect(entry.value(), keys));
        }
    }

    private static boolean isKeyList(Node node) {
        return node instanceof Scalar scalar && scalar.plainNull()
                || node instanceof Sequence list && list.items().stream().allMatch(Scalar.class::isInstance);
    }

    /** {@code age: [...]}, {@code pgp: [...]} and {@code <<: *other} entries only: a key group of its own. */
    private static boolean isKeyGroup(Mapping group) {
        for (Entry entry : group.entries()) {
            if (!(entry.key() instanceof Scalar key)) {
                return false;
            }
            boolean merge = "<<".equals(key.value())
                    && (entry.value() instanceof Alias
                            || entry.value() instanceof Sequence list
                                    && list.items().stream().allMatch(Alias.class::isInstance));
            if (!merge && !(isKind(key.value()) && isKeyList(entry.value()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isKind(String field) {
        return "age".equals(field) || "pgp".equals(field);
    }

    private static EditFailure unknown(Node at, String what) {
        return new EditFailure(
                at == null ? 0 : at.start().line() + 1,
                "unknown .sops.yaml shape: " + what
                        + "; see src/docs/built-in-steps.md#sopsrecipients in the nixboot repository for the shapes nixboot edits");
    }
}
