package dev.nixboot.engine.validate;

import jakarta.validation.MessageInterpolator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Locale;
import java.util.Map;
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

    /**
     * Shorter wording than Hibernate Validator's defaults, for messages read as compiler output
     * ({@code steps[3].with.port: must be at most 65535}). Done here rather than in a {@code ValidationMessages}
     * bundle, which would change the messages of every validator on the class path.
     */
    static final class ShortMessages implements MessageInterpolator {
        private static final Map<String, String> TEMPLATES = Map.of(
                "{jakarta.validation.constraints.Max.message}", "must be at most {value}",
                "{jakarta.validation.constraints.Min.message}", "must be at least {value}",
                "{jakarta.validation.constraints.DecimalMax.message}", "must be at most {value}",
                "{jakarta.validation.constraints.DecimalMin.message}", "must be at least {value}",
                "{jakarta.validation.constraints.NotBlank.message}", "must not be empty",
                "{jakarta.validation.constraints.NotEmpty.message}", "must not be empty",
                "{jakarta.validation.constraints.NotNull.message}", "is required",
                "{jakarta.validation.constraints.Pattern.message}", "must match the pattern {regexp}",
                "{jakarta.validation.constraints.Positive.message}", "must be greater than 0",
                "{jakarta.validation.constraints.PositiveOrZero.message}", "must be 0 or more");

        private final MessageInterpolator delegate;

        ShortMessages(MessageInterpolator delegate) {
            this.delegate = delegate;
        }

        @Override
        public String interpolate(String template, Context context) {
            return delegate.interpolate(TEMPLATES.getOrDefault(template, template), context);
        }

        @Override
        public String interpolate(String template, Context context, Locale locale) {
            return delegate.interpolate(TEMPLATES.getOrDefault(template, template), context, locale);
        }
    }

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
                    .messageInterpolator(new ShortMessages(new ParameterMessageInterpolator()))
                    .buildValidatorFactory();
            return factory.getValidator();
        }
    }
}
