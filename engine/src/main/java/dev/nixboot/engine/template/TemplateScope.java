package dev.nixboot.engine.template;

import dev.nixboot.engine.model.RunScope;
import java.util.Map;
import java.util.Set;

/**
 * What expressions see, plus what must be masked when their results are shown.
 *
 * @param run the values: variables, step outputs, environment, directories
 * @param secretVariables names of variables declared {@code secret: true}
 * @param secretOutputs per step id, the names of its outputs declared secret
 */
public record TemplateScope(RunScope run, Set<String> secretVariables, Map<String, Set<String>> secretOutputs) {
    public TemplateScope {
        secretVariables = Set.copyOf(secretVariables);
        secretOutputs = Map.copyOf(secretOutputs);
    }
}
