package dev.nixboot.engine.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a parameter whose value others can read, such as a command line (every user of a machine can read its
 * process list): a template that puts a secret into it is refused when the playbook is compiled, with where it would
 * show and what to do instead. What only the run can tell (a secret prompt answer) the step checks itself, with
 * {@link StepContext#mask}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD})
public @interface NoSecrets {
    /** Where a secret would show, completing "a secret here would show ...": "in the process list". */
    String shows();

    /** The safe way: "pass it through env or stdin". */
    String instead();
}
