package dev.nixboot.engine.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A record parameter whose components a playbook writes directly under {@code with:}, beside the step's other
 * parameters, rather than as a mapping of its own: parameters several steps share (how to reach a host over SSH) are
 * declared, constrained and described once, while playbooks stay flat. Its components are bound, validated (mark it
 * {@code @Valid} too), documented and put in the schema exactly as if the step's record declared them. They may not
 * be {@link Secret} or {@link NoSecrets}, which are read from the step's own record only.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD})
public @interface Unwrapped {}
