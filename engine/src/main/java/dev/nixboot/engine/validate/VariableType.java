package dev.nixboot.engine.validate;

import java.util.Locale;

/** The types a playbook variable can declare. */
public enum VariableType {
    STRING,
    INT,
    BOOL,
    /** A file system path, kept as text; relative ones are resolved by the step that uses them. */
    PATH,
    /** A list of strings. */
    LIST;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
