package dev.nixboot.engine.api;

import java.nio.file.Path;
import java.util.List;

/**
 * Where variable values come from, lowest precedence first: declared defaults, then each {@code --vars-file} in
 * order, then each {@code --var name=value} in order.
 */
public record VariableInputs(List<Path> varsFiles, List<String> assignments) {
    public VariableInputs {
        varsFiles = List.copyOf(varsFiles);
        assignments = List.copyOf(assignments);
    }

    public static VariableInputs none() {
        return new VariableInputs(List.of(), List.of());
    }
}
