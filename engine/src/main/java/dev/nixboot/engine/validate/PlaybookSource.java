package dev.nixboot.engine.validate;

import java.util.List;

/** A playbook's top level as written: its name, description, variable declarations and steps. */
public record PlaybookSource(
        String name, String description, List<VariableDeclaration> variables, List<StepSource> steps) {
    public PlaybookSource {
        variables = List.copyOf(variables);
        steps = List.copyOf(steps);
    }
}
