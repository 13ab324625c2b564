package dev.nixboot.engine.validate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A key of a variable declaration that only some variable types may have ({@code pattern} on strings and paths,
 * {@code min} and {@code max} on ints). {@link Variables} refuses it on other types; the schema says the same.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD})
public @interface ForTypes {
    VariableType[] value();
}
