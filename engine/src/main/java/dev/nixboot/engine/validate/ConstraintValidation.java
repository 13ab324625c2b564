package dev.nixboot.engine.validate;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.MessageInterpolator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.AnnotatedWildcardType;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * The one Jakarta {@link Validator} of the process, built on first use. Building the factory is the most expensive
 * part of a {@code validate} run (a couple of hundred milliseconds cold), so it happens once, when the first record
 * with constraints is checked (every playbook has some: its steps' ids). The {@link ParameterMessageInterpolator}
 * interpolates {@code {value}} without bootstrapping an expression language for messages.
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

        private static final String VALUE = "${validatedValue}";

        private final MessageInterpolator delegate;

        ShortMessages(MessageInterpolator delegate) {
            this.delegate = delegate;
        }

        @Override
        public String interpolate(String template, Context context) {
            return withValue(delegate.interpolate(TEMPLATES.getOrDefault(template, template), context), context);
        }

        @Override
        public String interpolate(String template, Context context, Locale locale) {
            return withValue(
                    delegate.interpolate(TEMPLATES.getOrDefault(template, template), context, locale), context);
        }

        /**
         * Puts the value in where a message says {@code ${validatedValue}}: the one expression messages use, which
         * the parameter interpolator leaves as it is. Done after interpolating, so braces in the value stay text.
         */
        private static String withValue(String message, Context context) {
            return message.contains(VALUE)
                    ? message.replace(VALUE, String.valueOf(context.getValidatedValue()))
                    : message;
        }
    }

    public static Validator validator() {
        return Holder.VALIDATOR;
    }

    /**
     * The constraint violations of the object. A class that carries no constraint at all cannot have any, so it is
     * not handed to the validator, which spares it the metadata of every unconstrained parameter record.
     */
    public static Set<ConstraintViolation<Object>> validate(Object object) {
        if (!CONSTRAINED.get(object.getClass())) {
            return Set.of();
        }
        return validator().validate(object);
    }

    /** Whether the class declares anything the validator would act on; see {@link #validate}. */
    private static final ClassValue<Boolean> CONSTRAINED = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return constrained(type, new HashSet<>());
        }
    };

    /**
     * Looks at every place a constraint (or {@code @Valid}) can sit: the class, its fields, methods and constructors
     * with their parameters, the type arguments of their types ({@code List<@NotBlank String>}), and the interfaces
     * and superclasses whose constraints the class inherits. Errs on the side of validating.
     */
    private static boolean constrained(Class<?> type, Set<Class<?>> seen) {
        if (type == null || type == Object.class || type == Record.class || !seen.add(type)) {
            return false;
        }
        if (constraint(type.getAnnotations())) {
            return true;
        }
        for (Field field : type.getDeclaredFields()) {
            if (constraint(field.getAnnotations()) || constraint(field.getAnnotatedType())) {
                return true;
            }
        }
        List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredMethods()));
        executables.addAll(List.of(type.getDeclaredConstructors()));
        for (Executable executable : executables) {
            if (constraint(executable.getAnnotations()) || constraint(executable.getAnnotatedReturnType())) {
                return true;
            }
            for (Annotation[] parameter : executable.getParameterAnnotations()) {
                if (constraint(parameter)) {
                    return true;
                }
            }
            for (AnnotatedType parameter : executable.getAnnotatedParameterTypes()) {
                if (constraint(parameter)) {
                    return true;
                }
            }
        }
        for (Class<?> supertype : type.getInterfaces()) {
            if (constrained(supertype, seen)) {
                return true;
            }
        }
        return constrained(type.getSuperclass(), seen);
    }

    private static boolean constraint(AnnotatedType type) {
        if (type == null) {
            return false;
        }
        if (constraint(type.getAnnotations())) {
            return true;
        }
        if (type instanceof AnnotatedParameterizedType parameterized) {
            for (AnnotatedType argument : parameterized.getAnnotatedActualTypeArguments()) {
                if (constraint(argument)) {
                    return true;
                }
            }
        }
        if (type instanceof AnnotatedArrayType array) {
            return constraint(array.getAnnotatedGenericComponentType());
        }
        if (type instanceof AnnotatedWildcardType wildcard) {
            for (AnnotatedType bound : wildcard.getAnnotatedUpperBounds()) {
                if (constraint(bound)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A constraint, a container of repeated constraints, or anything else from the validation packages. */
    private static boolean constraint(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            Class<? extends Annotation> type = annotation.annotationType();
            String name = type.getName();
            if (name.startsWith("jakarta.validation.")
                    || name.startsWith("org.hibernate.validator.")
                    || type.isAnnotationPresent(Constraint.class)) {
                return true;
            }
            try {
                Class<?> value = type.getMethod("value").getReturnType();
                if (value.isArray() && value.getComponentType().isAnnotationPresent(Constraint.class)) {
                    return true;
                }
            } catch (NoSuchMethodException e) {
                // Not a container: nothing more to look at.
            }
        }
        return false;
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
