package dev.nixboot.engine.model;

import dev.nixboot.engine.api.CompiledPlaybook;
import java.util.List;
import java.util.Set;

/** The full compiled playbook the planner and runner work from. */
public interface CompiledPlaybookModel extends CompiledPlaybook {

    /** Steps in {@link #stepOrder()}. */
    List<CompiledStep> steps();

    /** Typed variable values (unmasked) for the run scope. */
    java.util.Map<String, Object> variableValues();

    /** Values of secret variables, to be masked wherever text leaves the engine. */
    Set<String> secretValues();
}
