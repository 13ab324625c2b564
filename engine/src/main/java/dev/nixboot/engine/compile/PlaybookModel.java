package dev.nixboot.engine.compile;

import dev.nixboot.engine.model.CompiledPlaybookModel;
import dev.nixboot.engine.model.CompiledStep;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/** A compiled playbook: immutable, shared by the planner and the runner's threads. */
final class PlaybookModel implements CompiledPlaybookModel {
    private final Path file;
    private final String name;
    private final String description;
    private final Map<String, Object> values;
    private final Set<String> secretNames;
    private final Set<String> secretValues;
    private final List<CompiledStep> steps;
    private final Map<String, StepModel> byId = new LinkedHashMap<>();

    PlaybookModel(Path file, String name, String description, Map<String, Object> values, Set<String> secretNames,
            Set<String> secretValues, List<StepModel> steps) {
        this.file = file;
        this.name = name;
        this.description = description;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.secretNames = Set.copyOf(secretNames);
        this.secretValues = Set.copyOf(secretValues);
        this.steps = List.copyOf(steps);
        steps.forEach(s -> byId.put(s.id(), s));
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Map<String, Object> variables() {
        Map<String, Object> masked = new LinkedHashMap<>(values);
        masked.replaceAll((k, v) -> secretNames.contains(k) && v != null ? "***" : v);
        return Collections.unmodifiableMap(masked);
    }

    @Override
    public List<CompiledStep> steps() {
        return steps;
    }

    @Override
    public Map<String, Object> variableValues() {
        return values;
    }

    @Override
    public Set<String> secretValues() {
        return secretValues;
    }

    @Override
    public StepModel step(String id) {
        StepModel step = byId.get(id);
        if (step == null) {
            throw new NoSuchElementException("no step '" + id + "' in " + file);
        }
        return step;
    }
}
