package dev.nixboot.engine.validate;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * The one Jakarta {@link Validator} of the process, built on first use. Building the factory is the most expensive
 * part of a {@code validate} run (a couple of hundred milliseconds cold), so it happens once, and only when a step
 * actually has parameters to check. The {@link ParameterMessageInterpolator} interpolates {@code {value}} without
 * bootstrapping an expression language for messages.
 */
public final class ConstraintValidation {
    /** Held so the level set below is not lost when the JDK collects an unreferenced logger. */
    private static final Logger HIBERNATE_LOGGER = Logger.getLogger("org.hibernate.validator");

    private ConstraintValidation() {}

    public static Validator validator() {
        return Holder.VALIDATOR;
    }

    private static final class Holder {
        static final Validator VALIDATOR = build();

        private static Validator build() {
            // Hibernate Validator announces its version and warns that EL message interpolation is off; both are
            // noise on a user's terminal.
            HIBERNATE_LOGGER.setLevel(Level.SEVERE);
            ValidatorFactory factory = Validation.byProvider(HibernateValidator.class)
                    .configure()
                    .ignoreXmlConfiguration()
                    .messageInterpolator(new ParameterMessageInterpolator())
                    .buildValidatorFactory();
            return factory.getValidator();
        }
    }
}
