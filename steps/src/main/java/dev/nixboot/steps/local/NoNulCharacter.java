package dev.nixboot.steps.local;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A text handed to a process (an argument, a path, an environment value) has no NUL character: the operating system
 * ends it at the first one, so the rest would silently vanish. A constraint of its own rather than a
 * {@code @Pattern}, which the schema would read as "a string only" and so refuse {@code argv: [sleep, 5]}.
 */
@Documented
@Constraint(validatedBy = NoNulCharacter.Validator.class)
@Target({TYPE_USE, FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
public @interface NoNulCharacter {
    String message() default
            "must not contain a NUL character: the operating system ends an argument or an"
                    + " environment value at the first one";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the text; a missing value is left to {@code @NotNull}. */
    final class Validator implements ConstraintValidator<NoNulCharacter, CharSequence> {
        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            return value == null || value.chars().noneMatch(c -> c == 0);
        }
    }
}
