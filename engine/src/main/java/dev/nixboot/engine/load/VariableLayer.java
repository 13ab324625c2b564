package dev.nixboot.engine.load;

import java.nio.file.Path;

/**
 * Variable values from a file that holds more than variables, such as one host's {@code vars:} in an inventory, with
 * the file's text so that a wrong value is shown under its line.
 *
 * @param values variable names to values
 * @param onlyDeclared skip names the playbook does not declare instead of reporting them (for values nixboot adds
 *     itself, such as the inventory's host name as {@code host})
 */
public record VariableLayer(Path file, String text, Mapping values, boolean onlyDeclared) {}
