package dev.nixboot.engine.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents a step parameter or output; shown by {@code nixboot steps}, the step reference and the JSON schema. A
 * step's parameter and output records carry none themselves (the registry refuses one): the step's one summary is
 * {@link Step#summary()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE})
public @interface Description {
    String value();
}
