package dev.nixboot.engine.validate;

import dev.nixboot.engine.api.SourceLocation;
import dev.nixboot.engine.api.Spelling;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Problems;
import dev.nixboot.engine.load.Scalar;
import dev.nixboot.engine.load.Sequence;
import dev.nixboot.engine.load.SourceFiles;
import dev.nixboot.engine.load.SourceTexts;
import dev.nixboot.engine.load.Value;
import dev.nixboot.engine.load.VariableLayer;
import dev.nixboot.engine.load.YamlLoader;
import dev.nixboot.engine.spi.ParameterNames;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.MalformedInputException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Reads {@code vars:} declarations and works out each variable's value: its default, overridden by each
 * {@code --vars-file} in order, overridden by each {@code --var} in order; then checks required, pattern, choices and
 * bounds.
 */
public final class Variables {
    private static final Pattern NAME = Pattern.compile(PlaybookFormat.VARIABLE_NAME);
    /** Names expressions already give a meaning, and words the expression language reserves. */
    public static final Set<String> RESERVED = PlaybookFormat.RESERVED_NAMES;

    private final Problems problems;
    private final SourceTexts sources;

    public Variables(Problems problems, SourceTexts sources) {
        this.problems = problems;
        this.sources = sources;
    }

    /** For reading declarations only: reads no vars file a later compile would read again. */
    public Variables(Problems problems) {
        this(problems, new SourceTexts());
    }

    /**
     * The declarations of a {@code vars:} mapping (absent: none), as bound to {@link PlaybookFormat.Variable}.
     *
     * @param vars the mapping as written, for the places of names and values
     * @param bound the declarations bound from it; null when vars was absent or not a mapping (reported)
     */
    public List<VariableDeclaration> declarations(Optional<Value> vars, Map<String, PlaybookFormat.Variable> bound) {
        if (bound == null || vars.isEmpty() || !(vars.get() instanceof Mapping mapping)) {
            return List.of();
        }
        List<VariableDeclaration> result = new ArrayList<>();
        for (Mapping.Entry entry : mapping.entries()) {
            String name = entry.key().text();
            String path = "vars." + name;
            if (!NAME.matcher(name).matches()) {
                problems.add(
                        entry.key().location(),
                        path,
                        "'" + name + "' is not a valid variable name: use letters,"
                                + " digits and _, not starting with a digit, so expressions can refer to it as ${{ name }}");
                continue;
            }
            if (RESERVED.contains(name)) {
                problems.add(
                        entry.key().location(),
                        path,
                        "'" + name + "' is a reserved name in expressions;" + " choose another variable name");
                continue;
            }
            PlaybookFormat.Variable declared = bound.get(name);
            if (declared != null) {
                declaration(name, entry.key().location(), entry.value(), declared, path)
                        .ifPresent(result::add);
            }
        }
        return result;
    }

    private Optional<VariableDeclaration> declaration(
            String name, SourceLocation at, Value written, PlaybookFormat.Variable declared, String path) {
        if (!(written instanceof Mapping mapping)) {
            // The short form: `swapSize: 8` declares an optional variable whose type follows its default.
            if (written instanceof Sequence) {
                return Optional.of(new VariableDeclaration(
                        name, VariableType.LIST, written, false, "", null, List.of(), null, null, false, at));
            }
            Scalar scalar = (Scalar) written;
            VariableType type =
                    switch (scalar.kind()) {
                        case INT -> VariableType.INT;
                        case BOOL -> isStrictBoolean(scalar.text()) ? VariableType.BOOL : VariableType.STRING;
                        default -> VariableType.STRING;
                    };
            return Optional.of(new VariableDeclaration(
                    name, type, scalar.isNull() ? null : scalar, false, "", null, List.of(), null, null, false, at));
        }
        VariableType type = declared.type();
        if (type == null) {
            return Optional.empty(); // an unknown type, reported
        }
        Set<String> misplaced = new HashSet<>();
        for (RecordComponent component : PlaybookFormat.Variable.class.getRecordComponents()) {
            ForTypes forTypes = component.getAnnotation(ForTypes.class);
            String key = ParameterNames.yamlName(component.getName());
            Optional<Value> given = mapping.get(key).filter(v -> !(v instanceof Scalar s && s.isNull()));
            if (forTypes != null
                    && given.isPresent()
                    && !List.of(forTypes.value()).contains(type)) {
                misplaced.add(key);
                problems.add(
                        given.get().location(),
                        path + "." + key,
                        key + " applies to "
                                + Arrays.stream(forTypes.value())
                                        .map(VariableType::yamlName)
                                        .collect(Collectors.joining(" and "))
                                + " variables, not " + type.yamlName());
            }
        }
        Pattern pattern = null;
        if (declared.pattern() != null && !misplaced.contains("pattern")) {
            try {
                pattern = Pattern.compile(declared.pattern());
            } catch (PatternSyntaxException e) {
                problems.add(
                        mapping.get("pattern").orElseThrow().location(),
                        path + ".pattern",
                        "not a valid regular expression: " + e.getDescription());
            }
        }
        Long min = declared.min();
        Long max = declared.max();
        if (min != null && max != null && min > max) {
            problems.add(
                    mapping.get("max").orElseThrow().location(),
                    path + ".max",
                    "max " + max + " is less than min " + min);
        }
        List<Object> choices = new ArrayList<>();
        if (declared.choices() != null) {
            for (Scalar choice : declared.choices()) {
                if (choice != null) {
                    convert(choice, type, path + ".choices").ifPresent(choices::add);
                }
            }
        }
        return Optional.of(new VariableDeclaration(
                name,
                type,
                declared.default_(),
                declared.required(),
                Objects.requireNonNullElse(declared.description(), ""),
                pattern,
                choices,
                min,
                max,
                declared.secret(),
                at));
    }

    /**
     * Every declared variable's value, by name in declaration order: null for an optional variable nobody set.
     *
     * @param workingDirectory what relative {@code --vars-file} paths are resolved against
     */
    public Map<String, Object> values(
            List<VariableDeclaration> declarations, VariableInputs inputs, Path workingDirectory) {
        return values(declarations, List.of(), inputs, workingDirectory);
    }

    /**
     * As {@link #values(List, VariableInputs, Path)}, with {@code inventory}'s layers between the defaults and the
     * command line.
     */
    public Map<String, Object> values(
            List<VariableDeclaration> declarations,
            List<VariableLayer> inventory,
            VariableInputs inputs,
            Path workingDirectory) {
        Map<String, VariableDeclaration> byName = new LinkedHashMap<>();
        declarations.forEach(d -> byName.put(d.name(), d));
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Origin> origins = new LinkedHashMap<>();
        for (VariableDeclaration declaration : declarations) {
            values.put(declaration.name(), null);
            if (declaration.defaultValue() != null) {
                concealIfSecret(declaration, declaration.defaultValue());
                Origin origin =
                        new Origin(declaration.defaultValue().location(), "vars." + declaration.name() + ".default");
                convert(declaration.defaultValue(), declaration.type(), origin.path())
                        .ifPresent(v -> {
                            values.put(declaration.name(), v);
                            origins.put(declaration.name(), origin);
                        });
            }
        }
        for (VariableLayer layer : inventory) {
            problems.source(layer.file(), layer.text());
            apply(layer.values(), layer.onlyDeclared(), byName, values, origins);
        }
        for (Path file : inputs.varsFiles()) {
            varsFile(file, workingDirectory, byName, values, origins);
        }
        for (String assignment : inputs.assignments()) {
            assignment(assignment, byName, values, origins);
        }
        for (VariableDeclaration declaration : declarations) {
            Object value = values.get(declaration.name());
            if (value == null) {
                if (declaration.required()) {
                    problems.add(
                            declaration.location(),
                            "vars." + declaration.name(),
                            "required variable '"
                                    + declaration.name() + "' has no value: pass --var " + declaration.name()
                                    + "=VALUE or set it in a --vars-file");
                }
                continue;
            }
            Origin origin = origins.get(declaration.name());
            check(declaration, value, origin);
        }
        return Collections.unmodifiableMap(values);
    }

    private record Origin(SourceLocation location, String path) {}

    private void varsFile(
            Path file,
            Path workingDirectory,
            Map<String, VariableDeclaration> byName,
            Map<String, Object> values,
            Map<String, Origin> origins) {
        String text;
        try {
            text = sources.read(workingDirectory.resolve(file));
        } catch (NoSuchFileException e) {
            problems.add("--vars-file", "'" + file + "' does not exist");
            return;
        } catch (MalformedInputException e) {
            problems.add("--vars-file", "'" + file + "' is not UTF-8 text");
            return;
        } catch (SourceFiles.TooLargeException e) {
            problems.add("--vars-file", "'" + file + "' " + e.getMessage());
            return;
        } catch (IOException e) {
            problems.add("--vars-file", "cannot read '" + file + "': " + e.getMessage());
            return;
        }
        Optional<Value> loaded = load(file, text, byName);
        if (loaded.isEmpty() || loaded.get() instanceof Scalar s && s.isNull()) {
            return;
        }
        if (!(loaded.get() instanceof Mapping mapping)) {
            problems.add(
                    loaded.get().location(),
                    "",
                    "a vars file is a mapping of variable names to values, not "
                            + loaded.get().describe());
            return;
        }
        apply(mapping, false, byName, values, origins);
    }

    /** Values by variable name, each checked against its declaration where it is written. */
    private void apply(
            Mapping mapping,
            boolean onlyDeclared,
            Map<String, VariableDeclaration> byName,
            Map<String, Object> values,
            Map<String, Origin> origins) {
        for (Mapping.Entry entry : mapping.entries()) {
            String name = entry.key().text();
            VariableDeclaration declaration = byName.get(name);
            if (declaration == null && onlyDeclared) {
                continue;
            }
            if (declaration == null) {
                problems.add(
                        entry.key().location(),
                        name,
                        "undeclared variable '" + name + "'" + Spelling.hintOrList(name, byName.keySet()));
                continue;
            }
            concealIfSecret(declaration, entry.value());
            Origin origin = new Origin(entry.value().location(), name);
            convert(entry.value(), declaration.type(), name).ifPresent(v -> {
                values.put(name, v);
                origins.put(name, origin);
            });
        }
    }

    private void assignment(
            String assignment,
            Map<String, VariableDeclaration> byName,
            Map<String, Object> values,
            Map<String, Origin> origins) {
        int equals = assignment.indexOf('=');
        if (equals <= 0) {
            // Echoed only when it is a variable's name: anything else may be a secret value that lost its name.
            if (equals < 0 && byName.containsKey(assignment)) {
                problems.add("--var " + assignment, "write --var " + assignment + "=value");
            } else {
                problems.add("--var", "write --var name=value (the argument is not shown: it may be a secret)");
            }
            return;
        }
        String name = assignment.substring(0, equals);
        String text = assignment.substring(equals + 1);
        VariableDeclaration declaration = byName.get(name);
        String path = "--var " + name;
        if (declaration == null) {
            problems.add(path, "undeclared variable '" + name + "'" + Spelling.hintOrList(name, byName.keySet()));
            return;
        }
        Value value = declaration.type() == VariableType.LIST ? listArgument(text) : Scalar.string(text, null);
        concealIfSecret(declaration, value);
        if (declaration.secret()) {
            problems.conceal(text);
        }
        Origin origin = new Origin(null, path);
        convert(value, declaration.type(), path).ifPresent(v -> {
            values.put(name, v);
            origins.put(name, origin);
        });
    }

    /** {@code --var disks=a,b} or {@code --var 'disks=[a, b]'}; an empty value is an empty list. */
    private Value listArgument(String text) {
        List<Value> items = new ArrayList<>();
        String body = text.strip();
        if (body.startsWith("[") && body.endsWith("]")) {
            body = body.substring(1, body.length() - 1);
        }
        if (!body.isBlank()) {
            for (String item : body.split(",", -1)) {
                items.add(Scalar.string(item.strip(), null));
            }
        }
        return new Sequence(items, null);
    }

    private Optional<Object> convert(Value value, VariableType type, String path) {
        try {
            if (type == VariableType.LIST) {
                if (!(value instanceof Sequence sequence)) {
                    throw new ConversionException("must be a list such as [a, b], not " + value.describe());
                }
                List<String> items = new ArrayList<>();
                for (Value item : sequence.items()) {
                    if (!(item instanceof Scalar scalar) || scalar.isNull()) {
                        throw new ConversionException("list items must be single values");
                    }
                    items.add(scalar.text());
                }
                return Optional.of(List.copyOf(items));
            }
            if (!(value instanceof Scalar scalar)) {
                throw new ConversionException("must be a single " + type.yamlName() + ", not " + value.describe());
            }
            return Optional.of(Scalars.convert(scalar.text(), type.valueType()));
        } catch (ConversionException e) {
            problems.add(value.location(), path, e.getMessage());
            return Optional.empty();
        }
    }

    private void check(VariableDeclaration declaration, Object value, Origin origin) {
        SourceLocation at = origin == null ? declaration.location() : origin.location();
        String path = origin == null ? "vars." + declaration.name() : origin.path();
        if (declaration.pattern() != null
                && !declaration.pattern().matcher(value.toString()).matches()) {
            problems.add(
                    at,
                    path,
                    "'" + value + "' does not match the pattern "
                            + declaration.pattern().pattern());
        }
        if (!declaration.choices().isEmpty() && !declaration.choices().contains(value)) {
            List<String> choices =
                    declaration.choices().stream().map(String::valueOf).toList();
            // How close a secret came to a choice says something about it: no did-you-mean for secrets.
            problems.add(
                    at,
                    path,
                    "'" + value + "' is not one of: " + String.join(", ", choices)
                            + (declaration.secret() ? "" : Spelling.hint(value.toString(), choices)));
        }
        if (value instanceof Integer number) {
            if (declaration.min() != null && number < declaration.min()) {
                problems.add(at, path, "must be at least " + declaration.min() + ", not " + number);
            }
            if (declaration.max() != null && number > declaration.max()) {
                problems.add(at, path, "must be at most " + declaration.max() + ", not " + number);
            }
        }
    }

    /**
     * A vars file, its lines of secret variables (and of undeclared ones, which may be misspelt secrets) never
     * shown under a problem.
     */
    private Optional<Value> load(Path file, String text, Map<String, VariableDeclaration> byName) {
        YamlLoader loader = new YamlLoader(problems);
        if (byName.values().stream().noneMatch(VariableDeclaration::secret)) {
            return loader.load(file, text);
        }
        Set<String> shown = new HashSet<>();
        byName.values().stream().filter(d -> !d.secret()).forEach(d -> shown.add(d.name()));
        return loader.loadConcealing(file, text, shown);
    }

    /** A secret variable's value as written is masked in every problem, wherever it turns up. */
    private void concealIfSecret(VariableDeclaration declaration, Value value) {
        if (!declaration.secret()) {
            return;
        }
        if (value instanceof Scalar scalar) {
            problems.conceal(scalar.text());
        } else if (value instanceof Sequence sequence) {
            sequence.items().forEach(item -> concealIfSecret(declaration, item));
        } else if (value instanceof Mapping mapping) {
            mapping.entries().forEach(entry -> concealIfSecret(declaration, entry.value()));
        }
    }

    private static boolean isStrictBoolean(String text) {
        return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
    }
}
