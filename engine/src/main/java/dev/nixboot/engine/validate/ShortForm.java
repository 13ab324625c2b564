package dev.nixboot.engine.validate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A record that may also be written as one of its components alone: {@code retry: 3} is {@code retry: {attempts: 3}}.
 * Any value but a mapping stands for that component; the binder and the schema both read this.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ShortForm {
    /** The component, as a playbook spells it, that a value other than a mapping gives. */
    String value();
}
