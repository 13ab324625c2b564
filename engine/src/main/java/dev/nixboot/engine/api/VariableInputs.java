package dev.nixboot.engine.api;

import dev.nixboot.engine.load.VariableLayer;
import java.nio.file.Path;
import java.util.List;

/**
 * Where variable values come from, lowest precedence first: declared defaults, then the inventory's layers for the
 * host (its {@code vars:}, its groups', its own), then each {@code --vars-file} in order, then each
 * {@code --var name=value} in order.
 */
public record VariableInputs(List<Path> varsFiles, List<String> assignments, List<VariableLayer> inventory) {
    public VariableInputs {
        varsFiles = List.copyOf(varsFiles);
        assignments = List.copyOf(assignments);
        inventory = List.copyOf(inventory);
    }

    /** The command line's values alone. */
    public VariableInputs(List<Path> varsFiles, List<String> assignments) {
        this(varsFiles, assignments, List.of());
    }

    public static VariableInputs none() {
        return new VariableInputs(List.of(), List.of());
    }

    /** These inputs with an inventory host's layers beneath them. */
    public VariableInputs withInventory(List<VariableLayer> layers) {
        return new VariableInputs(varsFiles, assignments, layers);
    }
}
