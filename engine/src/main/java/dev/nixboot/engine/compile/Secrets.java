package dev.nixboot.engine.compile;

import dev.nixboot.engine.model.RunScope;
import dev.nixboot.engine.template.TemplateScope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What must never be shown: the names of secret variables, the secret outputs of each step, and the secret values
 * known at compile time.
 */
record Secrets(Set<String> variables, Map<String, Set<String>> outputs, Set<String> values) {
    Secrets {
        variables = Set.copyOf(variables);
        outputs = Map.copyOf(outputs);
        values = Set.copyOf(values);
    }

    TemplateScope scope(RunScope run) {
        return new TemplateScope(run, variables, outputs);
    }

    /** The text with every secret value replaced by {@code ***}, longest first so overlapping secrets vanish. */
    String mask(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        List<String> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        String masked = text;
        for (String secret : sorted) {
            if (!secret.isEmpty()) {
                masked = masked.replace(secret, "***");
            }
        }
        return masked;
    }
}
