package dev.nixboot.engine.validate;

import java.util.List;
import java.util.Locale;

/** The types a playbook variable can declare. */
public enum VariableType {
    STRING(String.class),
    INT(Integer.class),
    BOOL(Boolean.class),
    /** A file system path, kept as text; relative ones are resolved by the step that uses them. */
    PATH(String.class),
    /** A list of strings. */
    LIST(List.class);

    private final Class<?> valueType;

    VariableType(Class<?> valueType) {
        this.valueType = valueType;
    }

    /** What a value of this type is once read: a list holds strings. */
    public Class<?> valueType() {
        return valueType;
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
