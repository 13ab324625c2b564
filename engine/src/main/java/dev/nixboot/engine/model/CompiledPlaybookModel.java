package dev.nixboot.engine.model;

import dev.nixboot.engine.api.CompiledPlaybook;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The full compiled playbook the planner and runner work from. The per-step views of {@link CompiledPlaybook} are
 * derived from {@link #steps()} here, once, instead of in every implementation.
 */
public interface CompiledPlaybookModel extends CompiledPlaybook {

    /** Steps in {@link #stepOrder()}. */
    List<CompiledStep> steps();

    /** Typed variable values (unmasked) for the run scope. */
    Map<String, Object> variableValues();

    /** Values of secret variables, to be masked wherever text leaves the engine. */
    Set<String> secretValues();

    /** The step with this id; a linear search, which implementations holding an index override. */
    default CompiledStep step(String id) {
        return steps().stream().filter(step -> step.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no step '" + id + "' in " + file()));
    }

    @Override
    default List<String> stepOrder() {
        return steps().stream().map(CompiledStep::id).toList();
    }

    @Override
    default List<String> needs(String stepId) {
        return step(stepId).needs();
    }

    @Override
    default String when(String stepId) {
        return step(stepId).whenText();
    }

    @Override
    default String type(String stepId) {
        return step(stepId).type();
    }

    @Override
    default List<String> tags(String stepId) {
        return step(stepId).tags();
    }
}
