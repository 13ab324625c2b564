package dev.nixboot.engine.load;

import dev.nixboot.engine.api.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads YAML text into a {@link Value} tree. Only the node graph is composed: no Java object is ever constructed from
 * a tag, so a playbook cannot make the engine instantiate classes. Limits keep a hostile or broken file (an alias
 * bomb, deep nesting, a huge file) from exhausting memory; playbooks are far below all of them.
 */
public final class YamlLoader {
    private static final int MAX_ALIASES = 50;
    private static final int MAX_NESTING = 64;
    private static final int MAX_CODE_POINTS = SourceFiles.MAX_BYTES;
    /**
     * SnakeYAML's reader copies its look-ahead window for every 1,024 characters it reads ahead, and it reads a whole
     * line ahead in places, so a line costs time quadratic in its length (4 MB: ~5 s, 50 MB: minutes). Lines of
     * this length still read in milliseconds.
     */
    static final int MAX_LINE = 64 * 1024;

    private static final String STANDARD_TAG = "tag:yaml.org,2002:";
    private static final Set<Tag> PLAIN_DATA_TAGS =
            Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.SEQ, Tag.MAP, Tag.TIMESTAMP, Tag.MERGE);

    private final Problems problems;

    public YamlLoader(Problems problems) {
        this.problems = problems;
    }

    /**
     * Parses one document. Returns empty, with a problem recorded, when the text is not valid YAML; returns a null
     * scalar for an empty document.
     */
    public Optional<Value> load(Path file, String text) {
        return load(file, text, null);
    }

    /**
     * Like {@link #load(Path, String)}, for a document that holds secrets (a vars file). A problem in the lines of a
     * top-level entry whose key is not one of {@code shownKeys} (a secret variable's, or an undeclared one that may
     * be a misspelt secret; a duplicate key's too) shows no source line, and no line of the text is shown when it is
     * not YAML: then nobody knows where its entries end.
     */
    public Optional<Value> loadConcealing(Path file, String text, Set<String> shownKeys) {
        return load(file, text, Set.copyOf(shownKeys));
    }

    private Optional<Value> load(Path file, String text, Set<String> shownKeys) {
        problems.source(file, text);
        if (shownKeys != null) {
            // Until the text is known to be YAML, any line may hold a secret.
            problems.concealFile(file);
        }
        if (!linesFit(file, text)) {
            return Optional.empty();
        }
        TextPositions positions = new TextPositions(text);
        Node node;
        try {
            node = yaml().compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            problems.add(positions.location(file, e.getProblemMark()), "", syntaxMessage(e));
            return Optional.empty();
        } catch (YAMLException e) {
            problems.add(new SourceLocation(file, 1, 1), "", "cannot read YAML: " + e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            // A bug of the YAML reader (SnakeYAML 2.3 failed on an emoji at the end of its 1,024-character window)
            // is still bad input to the user: a problem with the file, not a crash.
            problems.add(
                    new SourceLocation(file, 1, 1),
                    "",
                    "the YAML reader failed on this file (" + e + "); please report it with the file");
            return Optional.empty();
        }
        if (shownKeys != null) {
            concealEntries(file, node, shownKeys, positions);
        }
        if (node == null) {
            return Optional.of(new Scalar("", Scalar.Kind.NULL, new SourceLocation(file, 1, 1)));
        }
        int before = problems.size();
        Value value = new Converter(file, text, positions).convert(node, 0);
        return problems.size() == before ? Optional.of(value) : Optional.empty();
    }

    /** Conceals the lines of the top-level entries whose key is not shown; the rest of the file is shown again. */
    private void concealEntries(Path file, Node node, Set<String> shownKeys, TextPositions positions) {
        if (!(node instanceof MappingNode mapping)) {
            return; // not a mapping of names to values: the file stays concealed whole
        }
        problems.showFile(file);
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (key instanceof ScalarNode name && shownKeys.contains(name.getValue())) {
                continue;
            }
            int first = positions.location(file, key.getStartMark()).line();
            SourceLocation end = positions.location(file, tuple.getValueNode().getEndMark());
            // A block scalar ends at the start of the next line, which belongs to the next entry.
            int last = end.column() == 1 && end.line() > first ? end.line() - 1 : end.line();
            problems.concealLines(file, first, last);
        }
    }

    /** Whether every line is at most {@link #MAX_LINE} characters; reports the first one that is not. */
    private boolean linesFit(Path file, String text) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > MAX_LINE) {
                    problems.add(
                            new SourceLocation(file, line, 1),
                            "",
                            "line " + line + " is " + (i - start)
                                    + " characters long, more than the " + MAX_LINE
                                    + " a line may have: split it (a long"
                                    + " double-quoted string continues on the next line after a '\\' at the end of a line)");
                    return false;
                }
                line++;
                start = i + 1;
            }
        }
        return true;
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
    }

    /** SnakeYAML's own words, plus what to do about the mistakes people make most. */
    static String syntaxMessage(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
        if (problem.contains("TAB") || problem.contains("\\t")) {
            return "tab character: YAML indentation must use spaces";
        }
        if (problem.startsWith("mapping values are not allowed here")) {
            return "mapping values are not allowed here: quote a value that contains ': ', or check the indentation";
        }
        if (problem.startsWith("could not find expected ':'")) {
            return "could not find expected ':': a key is missing its colon, or a line is indented wrongly";
        }
        if (problem.contains("found character '@'") || problem.contains("found character '`'")) {
            return problem + ": quote the value";
        }
        if (problem.startsWith("Global tag is not allowed: ")) {
            return "tag '" + shortTag(new Tag(problem.substring("Global tag is not allowed: ".length())))
                    + "' is not allowed: a playbook is plain data";
        }
        if (problem.startsWith("expected ',' or '}'") || problem.startsWith("expected ',' or ']'")) {
            return problem.replaceFirst(", but got (.*)$", ", but found '$1'")
                    + "; quote values that contain ':', ',', '[' or '{' inside [...] or {...}";
        }
        if ("expected a single document in the stream".equals(e.getContext())) {
            return "more than one YAML document ('---'): a playbook is one document";
        }
        if (e.getContext() != null && problem.startsWith("expected <block end>")) {
            return problem.replace("expected <block end>", "bad indentation: expected the block to end") + " ("
                    + e.getContext() + ")";
        }
        return problem;
    }

    /** Node graph to {@link Value}s, rejecting what plain data does not have. */
    private final class Converter {
        private final Path file;
        private final String text;
        private final TextPositions positions;
        private final Map<Node, Boolean> inProgress = new IdentityHashMap<>();

        Converter(Path file, String text, TextPositions positions) {
            this.file = file;
            this.text = text;
            this.positions = positions;
        }

        private SourceLocation location(Mark mark) {
            return positions.location(file, mark);
        }

        Value convert(Node node, int depth) {
            SourceLocation location = location(node.getStartMark());
            Tag tag = node.getTag();
            if (!PLAIN_DATA_TAGS.contains(tag)) {
                problems.add(location, "", "tag '" + shortTag(tag) + "' is not allowed: a playbook is plain data");
                return new Scalar("", Scalar.Kind.NULL, location);
            }
            if (inProgress.containsKey(node) || depth > MAX_NESTING) {
                problems.add(location, "", "recursive alias: an anchor cannot contain itself");
                return new Scalar("", Scalar.Kind.NULL, location);
            }
            checkCommentSpacing(node);
            if (node instanceof ScalarNode scalar) {
                return new Scalar(scalar.getValue(), kind(scalar), location);
            }
            inProgress.put(node, Boolean.TRUE);
            try {
                if (node instanceof SequenceNode sequence) {
                    List<Value> items = new ArrayList<>();
                    for (Node item : sequence.getValue()) {
                        items.add(convert(item, depth + 1));
                    }
                    return new Sequence(items, location);
                }
                return mapping((MappingNode) node, depth, location);
            } finally {
                inProgress.remove(node);
            }
        }

        /**
         * YAML 1.2 only starts a comment at a '#' after white space (spec 6.6, production s-b-comment); SnakeYAML
         * also takes {@code "value"# c} and {@code [a]# c} as a value and a comment. Refused, as YAML 1.2 refuses them,
         * rather than read differently from other tools.
         */
        private void checkCommentSpacing(Node node) {
            boolean quoted = node instanceof ScalarNode scalar
                    && (scalar.getScalarStyle() == DumperOptions.ScalarStyle.DOUBLE_QUOTED
                            || scalar.getScalarStyle() == DumperOptions.ScalarStyle.SINGLE_QUOTED);
            boolean flow = node instanceof CollectionNode<?> collection
                    && collection.getFlowStyle() == DumperOptions.FlowStyle.FLOW;
            Mark end = node.getEndMark();
            if ((!quoted && !flow) || end == null) {
                return;
            }
            int offset = positions.offset(end);
            if (offset < text.length() && text.charAt(offset) == '#') {
                problems.add(
                        location(end),
                        "",
                        "a comment needs a space before its '#': write "
                                + (quoted
                                        ? "'\"value\" # comment', or put the '#' inside the quotes if it belongs to the value"
                                        : node instanceof SequenceNode ? "'[...] # comment'" : "'{...} # comment'"));
            }
        }

        private Mapping mapping(MappingNode node, int depth, SourceLocation location) {
            Map<String, Mapping.Entry> entries = new LinkedHashMap<>();
            Map<String, Mapping.Entry> merged = new LinkedHashMap<>();
            for (NodeTuple tuple : node.getValue()) {
                Node keyNode = tuple.getKeyNode();
                SourceLocation keyLocation = location(keyNode.getStartMark());
                if (keyNode.getTag().equals(Tag.MERGE)) {
                    merge(convert(tuple.getValueNode(), depth + 1), merged, keyLocation);
                    continue;
                }
                if (!(keyNode instanceof ScalarNode keyScalar)) {
                    problems.add(keyLocation, "", "a key must be a plain name, not a list or mapping");
                    continue;
                }
                Scalar key = new Scalar(keyScalar.getValue(), Scalar.Kind.STRING, keyLocation);
                Mapping.Entry earlier = entries.get(key.text());
                if (earlier != null) {
                    problems.add(
                            keyLocation,
                            "",
                            "duplicate key '" + key.text() + "' (first at line "
                                    + earlier.key().location().line() + "); remove one of them");
                    continue;
                }
                entries.put(key.text(), new Mapping.Entry(key, convert(tuple.getValueNode(), depth + 1)));
            }
            List<Mapping.Entry> result = new ArrayList<>();
            merged.forEach((name, entry) -> {
                if (!entries.containsKey(name)) {
                    result.add(entry);
                }
            });
            result.addAll(entries.values());
            return new Mapping(result, location);
        }

        /** {@code <<: *base}: the anchored mapping's entries, which the mapping's own keys override. */
        private void merge(Value value, Map<String, Mapping.Entry> merged, SourceLocation location) {
            if (value instanceof Mapping mapping) {
                mapping.entries().forEach(e -> merged.putIfAbsent(e.key().text(), e));
            } else if (value instanceof Sequence sequence) {
                sequence.items().forEach(item -> merge(item, merged, location));
            } else {
                problems.add(
                        location, "", "'<<' merges a mapping (an alias such as *defaults), not " + value.describe());
            }
        }

        private Scalar.Kind kind(ScalarNode node) {
            if (node.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN) {
                return Scalar.Kind.STRING;
            }
            Tag tag = node.getTag();
            if (tag.equals(Tag.INT)) {
                return Scalar.Kind.INT;
            }
            if (tag.equals(Tag.FLOAT)) {
                return Scalar.Kind.FLOAT;
            }
            if (tag.equals(Tag.BOOL)) {
                return Scalar.Kind.BOOL;
            }
            if (tag.equals(Tag.NULL)) {
                return Scalar.Kind.NULL;
            }
            return Scalar.Kind.STRING;
        }
    }

    private static String shortTag(Tag tag) {
        String value = tag.getValue();
        return value.startsWith(STANDARD_TAG) ? "!!" + value.substring(STANDARD_TAG.length()) : value;
    }
}
