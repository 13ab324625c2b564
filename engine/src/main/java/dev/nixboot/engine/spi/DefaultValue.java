package dev.nixboot.engine.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a parameter takes when the playbook leaves it out, written as it would be in YAML ({@code "22"},
 * {@code "true"}, {@code "[0]"}). The binder converts it exactly like user input, so the schema, the docs and the
 * behaviour cannot disagree.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD})
public @interface DefaultValue {
    String value();
}
