package dev.nixboot.engine.compile;

import dev.nixboot.engine.secrets.SecretMask;
import dev.nixboot.engine.template.RunScope;
import dev.nixboot.engine.template.TemplateScope;
import java.util.Map;
import java.util.Set;

/**
 * What must never be shown: the names of secret variables, the secret outputs of each step, and the secret values
 * known at compile time (masked by {@link #mask()}, the engine's one way of masking).
 */
record Secrets(Set<String> variables, Map<String, Set<String>> outputs, Set<String> values, SecretMask mask) {
    Secrets {
        variables = Set.copyOf(variables);
        outputs = Map.copyOf(outputs);
        values = Set.copyOf(values);
    }

    Secrets(Set<String> variables, Map<String, Set<String>> outputs, Set<String> values) {
        this(variables, outputs, values, new SecretMask(values));
    }

    TemplateScope scope(RunScope run) {
        return new TemplateScope(run, variables, outputs);
    }
}
