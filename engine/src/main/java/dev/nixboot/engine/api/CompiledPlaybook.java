package dev.nixboot.engine.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A playbook that loaded, validated and resolved its variables: ready to plan or run. */
public interface CompiledPlaybook {
    Path file();

    String name();

    String description();

    /** Variable values after defaults, vars files and {@code --var}; secret ones masked. */
    Map<String, Object> variables();

    /** Step ids in a valid execution order (dependencies first, then file order). */
    List<String> stepOrder();

    /** The ids a step waits for (explicit {@code needs}, or the previous step). */
    List<String> needs(String stepId);

    /** The {@code when:} expression as written, or empty. */
    String when(String stepId);

    String type(String stepId);

    List<String> tags(String stepId);
}
