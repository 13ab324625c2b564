package dev.nixboot.engine.api;

import java.nio.file.Path;
import java.util.List;

/**
 * Where variable values come from, lowest precedence first: declared defaults, then the inventory's layers for the
 * host (the file's {@code vars:}, its groups', its own), then each {@code --vars-file} in order, then each
 * {@code --var name=value} in order.
 *
 * @param host the inventory host whose variables apply, or null outside a run over an inventory
 */
public record VariableInputs(List<Path> varsFiles, List<String> assignments, InventoryHost host) {
    public VariableInputs {
        varsFiles = List.copyOf(varsFiles);
        assignments = List.copyOf(assignments);
    }

    /** One host of an inventory file ({@code nixboot run --inventory FILE}). */
    public record InventoryHost(Path inventory, String name) {}

    /** The command line's values alone. */
    public VariableInputs(List<Path> varsFiles, List<String> assignments) {
        this(varsFiles, assignments, null);
    }

    public static VariableInputs none() {
        return new VariableInputs(List.of(), List.of());
    }

    /** These inputs with an inventory host's variables beneath them. */
    public VariableInputs forHost(Path inventory, String name) {
        return new VariableInputs(varsFiles, assignments, new InventoryHost(inventory, name));
    }
}
