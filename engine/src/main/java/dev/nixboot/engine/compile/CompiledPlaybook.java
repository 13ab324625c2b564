package dev.nixboot.engine.compile;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A playbook that loaded, validated and resolved its variables: ready to plan or run. Immutable, shared by the planner
 * and the runner's threads. Only {@link PlaybookCompiler} makes one; a test that needs a playbook compiles YAML.
 */
public final class CompiledPlaybook {
    private final Path file;
    private final String name;
    private final String description;
    private final Map<String, Object> values;
    private final Set<String> secretValues;
    private final List<CompiledStep> steps;
    private final Map<String, CompiledStep> byId = new LinkedHashMap<>();

    CompiledPlaybook(
            Path file,
            String name,
            String description,
            Map<String, Object> values,
            Set<String> secretValues,
            List<CompiledStep> steps) {
        this.file = file;
        this.name = name;
        this.description = description;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.secretValues = Set.copyOf(secretValues);
        this.steps = List.copyOf(steps);
        steps.forEach(s -> byId.put(s.id(), s));
    }

    /** The playbook file, resolved against the working directory it was compiled for. */
    public Path file() {
        return file;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /**
     * Variable values after defaults, inventory, vars files and {@code --var}, typed (Integer, Boolean, String, List)
     * and unmasked: what templates see. Text shown to anyone goes through a mask of {@link #secretValues()}.
     */
    public Map<String, Object> variableValues() {
        return values;
    }

    /** Values of secret variables, to be masked wherever text leaves the engine. */
    public Set<String> secretValues() {
        return secretValues;
    }

    /** The steps in a valid execution order: those a step needs before it, otherwise as in the file. */
    public List<CompiledStep> steps() {
        return steps;
    }

    /** The ids of {@link #steps()}, in that order. */
    public List<String> stepIds() {
        return List.copyOf(byId.keySet());
    }

    /** The step with this id. */
    public CompiledStep step(String id) {
        CompiledStep step = byId.get(id);
        if (step == null) {
            throw new NoSuchElementException("no step '" + id + "' in " + file);
        }
        return step;
    }
}
