package dev.nixboot.engine.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a parameter or output whose value is secret: the engine masks it in plans, output, events, errors and state
 * files. A value that came from a secret variable is masked whether or not the parameter carries this annotation; a
 * value returned in a secret output component is masked from then on wherever it appears, whatever the output is
 * called, and never written to a state file.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD})
public @interface Secret {}
