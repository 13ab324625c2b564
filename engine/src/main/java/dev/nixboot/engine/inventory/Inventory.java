package dev.nixboot.engine.inventory;

import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.SourceLocation;
import dev.nixboot.engine.api.Spelling;
import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Problems;
import dev.nixboot.engine.load.Scalar;
import dev.nixboot.engine.load.Sequence;
import dev.nixboot.engine.load.Value;
import dev.nixboot.engine.load.VariableLayer;
import dev.nixboot.engine.load.YamlLoader;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An inventory file, read and checked: its hosts in file order and, for each, the layers of variables it gets (see
 * {@link InventoryFormat.Document}). Values are checked against a playbook's declarations when the playbook is
 * compiled for a host, each at its line and column in this file.
 */
public final class Inventory {
    /** Host and group names: host names become state directory names and output prefixes, so no '/' or spaces. */
    public static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final Path file;
    private final String text;
    private final Mapping vars;
    private final Map<String, Mapping> groupVars;
    private final Map<String, HostEntry> hosts;

    private record HostEntry(Scalar name, List<String> groups, Mapping vars) {}

    private Inventory(
            Path file, String text, Mapping vars, Map<String, Mapping> groupVars, Map<String, HostEntry> hosts) {
        this.file = file;
        this.text = text;
        this.vars = vars;
        this.groupVars = groupVars;
        this.hosts = hosts;
    }

    /** Reads and checks {@code file}; every problem at once, each at its line and column. */
    public static Inventory read(Path file) throws PlaybookException {
        Problems problems = new Problems();
        String text = "";
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            problems.add("--inventory", "'" + file + "' does not exist");
        } catch (MalformedInputException e) {
            problems.add("--inventory", "'" + file + "' is not UTF-8 text");
        } catch (IOException e) {
            problems.add("--inventory", "cannot read '" + file + "': " + e.getMessage());
        }
        problems.throwIfAny();
        Optional<Value> root = new YamlLoader(problems).load(file, text);
        problems.throwIfAny();
        Inventory inventory = new Reader(file, text, problems).read(root.orElseThrow());
        problems.throwIfAny();
        return inventory;
    }

    public Path file() {
        return file;
    }

    /** Every host, in file order. */
    public List<String> hosts() {
        return List.copyOf(hosts.keySet());
    }

    /**
     * The hosts {@code limit} names, directly or through a group, in file order; all hosts when it is empty. Throws
     * {@link IllegalArgumentException} naming what matches no host or group.
     */
    public List<String> select(Collection<String> limit) {
        if (limit.isEmpty()) {
            return hosts();
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String name : limit) {
            if (hosts.containsKey(name)) {
                chosen.add(name);
            } else if (groupVars.containsKey(name)) {
                hosts.values().stream()
                        .filter(h -> h.groups().contains(name))
                        .forEach(h -> chosen.add(h.name().text()));
            } else {
                List<String> known = new ArrayList<>(hosts.keySet());
                known.addAll(groupVars.keySet());
                throw new IllegalArgumentException(
                        "--limit " + name + ": no such host or group in " + file + Spelling.hint(name, known));
            }
        }
        return hosts().stream().filter(chosen::contains).toList();
    }

    /** The variable layers of {@code host}, lowest precedence first. */
    public List<VariableLayer> layers(String host) {
        HostEntry entry = hosts.get(host);
        if (entry == null) {
            throw new IllegalArgumentException("no host '" + host + "' in " + file);
        }
        List<VariableLayer> layers = new ArrayList<>();
        SourceLocation at = entry.name().location();
        Mapping name = new Mapping(List.of(new Mapping.Entry(Scalar.string("host", at), Scalar.string(host, at))), at);
        layers.add(new VariableLayer(file, text, name, true));
        if (vars != null) {
            layers.add(new VariableLayer(file, text, vars, false));
        }
        for (String group : entry.groups()) {
            Mapping groupValues = groupVars.get(group);
            if (groupValues != null) {
                layers.add(new VariableLayer(file, text, groupValues, false));
            }
        }
        if (entry.vars() != null) {
            layers.add(new VariableLayer(file, text, entry.vars(), false));
        }
        return layers;
    }

    /** Reads the node tree into an inventory, reporting each problem where it is. */
    private static final class Reader {
        private final Path file;
        private final String text;
        private final Problems problems;

        Reader(Path file, String text, Problems problems) {
            this.file = file;
            this.text = text;
            this.problems = problems;
        }

        Inventory read(Value root) {
            Map<String, Mapping> groups = new LinkedHashMap<>();
            Map<String, HostEntry> hosts = new LinkedHashMap<>();
            if (!(root instanceof Mapping document)) {
                problems.add(
                        root.location(),
                        "",
                        "an inventory is a mapping with vars, groups and hosts, not " + root.describe());
                return new Inventory(file, text, null, groups, hosts);
            }
            knownKeys(document, "", InventoryFormat.keys(InventoryFormat.Document.class));
            Mapping vars = mapping(document, "vars", "");
            Mapping groupsNode = mapping(document, "groups", "");
            if (groupsNode != null) {
                for (Mapping.Entry group : groupsNode.entries()) {
                    String name = group.key().text();
                    String path = "groups." + name;
                    if (!HOST_NAME.matcher(name).matches()) {
                        problems.add(
                                group.key().location(),
                                path,
                                "'" + name + "' is not a valid group name: use" + " letters, digits, '.', '-' and '_'");
                        continue;
                    }
                    Optional<Mapping> body = entryMapping(group, path, InventoryFormat.Group.class);
                    groups.put(name, body.map(m -> mapping(m, "vars", path)).orElse(null));
                }
            }
            Mapping hostsNode = mapping(document, "hosts", "");
            if (hostsNode == null || hostsNode.entries().isEmpty()) {
                problems.add(
                        document.location(),
                        "hosts",
                        "the inventory lists no hosts: add a 'hosts:' mapping" + " such as 'hosts: {gusto: {}}'");
                return new Inventory(file, text, vars, groups, hosts);
            }
            for (Mapping.Entry host : hostsNode.entries()) {
                String name = host.key().text();
                String path = "hosts." + name;
                if (!HOST_NAME.matcher(name).matches()) {
                    problems.add(
                            host.key().location(),
                            path,
                            "'" + name + "' is not a valid host name: use"
                                    + " letters, digits, '.', '-' and '_', starting with a letter or digit");
                    continue;
                }
                Optional<Mapping> body = entryMapping(host, path, InventoryFormat.Host.class);
                List<String> memberOf =
                        body.map(m -> groupList(m, path, groups.keySet())).orElse(List.of());
                hosts.put(
                        name,
                        new HostEntry(
                                host.key(),
                                memberOf,
                                body.map(m -> mapping(m, "vars", path)).orElse(null)));
            }
            return new Inventory(file, text, vars, groups, hosts);
        }

        /** The entry's value as a mapping of {@code shape}'s keys; empty for {@code name:} with nothing after it. */
        private Optional<Mapping> entryMapping(Mapping.Entry entry, String path, Class<? extends Record> shape) {
            Value value = entry.value();
            if (value instanceof Scalar scalar && scalar.isNull()) {
                return Optional.empty();
            }
            if (!(value instanceof Mapping mapping)) {
                problems.add(
                        value.location(),
                        path,
                        "must be a mapping with " + String.join(" and ", InventoryFormat.keys(shape)) + ", not "
                                + value.describe());
                return Optional.empty();
            }
            knownKeys(mapping, path, InventoryFormat.keys(shape));
            return Optional.of(mapping);
        }

        private List<String> groupList(Mapping host, String path, Set<String> groups) {
            Optional<Value> value = host.get("groups").filter(v -> !(v instanceof Scalar s && s.isNull()));
            if (value.isEmpty()) {
                return List.of();
            }
            if (!(value.get() instanceof Sequence sequence)) {
                problems.add(
                        value.get().location(),
                        path + ".groups",
                        "must be a list of group names such as" + " [servers], not "
                                + value.get().describe());
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (Value item : sequence.items()) {
                if (item instanceof Scalar scalar && groups.contains(scalar.text())) {
                    names.add(scalar.text());
                } else if (item instanceof Scalar scalar) {
                    problems.add(
                            item.location(),
                            path + ".groups",
                            "no group '" + scalar.text() + "' under groups:"
                                    + Spelling.hintOrList(scalar.text(), groups));
                } else {
                    problems.add(item.location(), path + ".groups", "a group name, not " + item.describe());
                }
            }
            return names;
        }

        private Mapping mapping(Mapping parent, String key, String parentPath) {
            String path = parentPath.isEmpty() ? key : parentPath + "." + key;
            Optional<Value> value = parent.get(key);
            if (value.isEmpty() || value.get() instanceof Scalar s && s.isNull()) {
                return null;
            }
            if (!(value.get() instanceof Mapping mapping)) {
                problems.add(
                        value.get().location(),
                        path,
                        "must be a mapping, not " + value.get().describe());
                return null;
            }
            return mapping;
        }

        private void knownKeys(Mapping mapping, String path, List<String> allowed) {
            for (Mapping.Entry entry : mapping.entries()) {
                String key = entry.key().text();
                if (!allowed.contains(key)) {
                    problems.add(
                            entry.key().location(),
                            path.isEmpty() ? key : path + "." + key,
                            "unknown key '" + key + "'" + Spelling.hintOrList(key, allowed));
                }
            }
        }
    }
}
