package dev.nixboot.engine.validate;

import dev.nixboot.engine.api.Spelling;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads scalar text as numbers, booleans and durations, strictly: YAML 1.1 reads {@code yes}, {@code off} and
 * {@code 0755} as something the author rarely meant, so those are refused with a hint instead of guessed at.
 */
public final class Scalars {
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(0|[1-9][0-9]*)");
    private static final Pattern LEADING_ZERO = Pattern.compile("[-+]?0[0-9]+");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]+");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");
    private static final Set<String> TRUE = Set.of("true", "True", "TRUE");
    private static final Set<String> FALSE = Set.of("false", "False", "FALSE");
    private static final Set<String> YAML11_BOOLEANS =
            Set.of("yes", "no", "on", "off", "y", "n", "Yes", "No", "On", "Off", "YES", "NO", "ON", "OFF", "Y", "N");

    private Scalars() {}

    /**
     * Scalar text as a simple type: text, whole numbers, numbers, booleans, durations, paths and enum constants. The
     * one converter that step parameters, variables and the test kit share, so a value reads the same everywhere.
     */
    public static Object convert(String text, Class<?> type) throws ConversionException {
        if (type == String.class || type == Object.class) {
            return text;
        }
        if (type == int.class || type == Integer.class) {
            return toInt(text);
        }
        if (type == long.class || type == Long.class) {
            return toLong(text);
        }
        if (type == boolean.class || type == Boolean.class) {
            return toBoolean(text);
        }
        if (type == double.class || type == Double.class) {
            return toDouble(text);
        }
        if (type == Duration.class) {
            return toDuration(text);
        }
        if (type == Path.class) {
            return toPath(text);
        }
        if (type.isEnum()) {
            return toEnum(text, type);
        }
        throw new IllegalStateException("parameter type " + type.getName() + " is not supported by the binder");
    }

    /** Whether {@link #convert} reads this type from a single value. */
    public static boolean isScalar(Class<?> type) {
        return type == String.class
                || type == Object.class
                || type == Path.class
                || type == Duration.class
                || type.isEnum()
                || type.isPrimitive()
                || type == Integer.class
                || type == Long.class
                || type == Boolean.class
                || type == Double.class;
    }

    public static Path toPath(String text) throws ConversionException {
        if (text.isEmpty()) {
            throw new ConversionException("must be a path, not an empty value");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new ConversionException("'" + text + "' is not a valid path: " + e.getReason());
        }
    }

    /** A constant by its playbook spelling: lower case, hyphens for underscores ({@code SKIP_CHECKS} is skip-checks). */
    public static Object toEnum(String text, Class<?> type) throws ConversionException {
        List<String> names = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            String name = enumName((Enum<?>) constant);
            if (name.equals(text.toLowerCase(Locale.ROOT).replace('_', '-'))) {
                return constant;
            }
            names.add(name);
        }
        throw new ConversionException(
                "'" + text + "' is not one of: " + String.join(", ", names) + Spelling.hint(text, names));
    }

    /** How a playbook writes an enum constant. */
    public static String enumName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static long toLong(String text) throws ConversionException {
        if (DECIMAL.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new ConversionException("'" + text + "' is too large");
            }
        }
        if (HEX.matcher(text).matches()) {
            try {
                return Long.parseLong(text.substring(2), 16);
            } catch (NumberFormatException e) {
                throw new ConversionException("'" + text + "' is too large");
            }
        }
        if (LEADING_ZERO.matcher(text).matches()) {
            String digits = text.replaceFirst("^[-+]?0+", "");
            String octal = text.chars().allMatch(c -> c < '8') && !digits.isEmpty()
                    ? " (" + Long.parseLong(digits, 8) + " if you meant octal " + text + ")"
                    : "";
            throw new ConversionException("'" + text + "' has a leading zero, which YAML reads as octal: write "
                    + (digits.isEmpty() ? "0" : digits) + octal + ", or quote it if it is text");
        }
        throw new ConversionException("must be a whole number, not " + quoted(text));
    }

    public static int toInt(String text) throws ConversionException {
        long value = toLong(text);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new ConversionException("'" + text + "' is too large (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) value;
    }

    public static double toDouble(String text) throws ConversionException {
        try {
            if (!text.isBlank()
                    && !text.endsWith("d")
                    && !text.endsWith("f")
                    && !text.endsWith("D")
                    && !text.endsWith("F")) {
                return Double.parseDouble(text);
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new ConversionException("must be a number, not " + quoted(text));
    }

    /** A YAML 1.1 boolean spelling ({@code yes}, {@code off}, ...) that YAML 1.2 reads as a string: ambiguous. */
    static boolean isYaml11Boolean(String text) {
        return YAML11_BOOLEANS.contains(text);
    }

    public static boolean toBoolean(String text) throws ConversionException {
        if (TRUE.contains(text)) {
            return true;
        }
        if (FALSE.contains(text)) {
            return false;
        }
        if (isYaml11Boolean(text)) {
            throw new ConversionException("'" + text + "' is ambiguous in YAML: write true or false");
        }
        throw new ConversionException("must be true or false, not " + quoted(text));
    }

    /**
     * The longest duration a playbook may give. Steps add durations to {@link System#nanoTime()}, which overflows a
     * long after 292 years; no step waits a year.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(365);

    /**
     * What {@link #toDuration} reads, as a regular expression for JSON Schema ({@code 500ms}, {@code 1h30m},
     * {@code 2d}, or ISO-8601 {@code PT30S}), kept beside the parser; a test holds the two to the same answers. Looser
     * for ISO forms, which only the JDK's parser can judge.
     */
    public static final String DURATION_SYNTAX = "^(([0-9]+([mM][sS]|[sSmMhHdD]))+|P[0-9A-Za-z.,]+)$";

    /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 500ms}, {@code 2d}, combined as {@code 1h30m}, or ISO {@code PT30S}. */
    public static Duration toDuration(String text) throws ConversionException {
        Duration duration = parseDuration(text);
        if (duration.compareTo(MAX_DURATION) > 0) {
            throw tooLong(text);
        }
        return duration;
    }

    private static Duration parseDuration(String text) throws ConversionException {
        String trimmed = text.trim();
        if (trimmed.startsWith("PT") || trimmed.startsWith("P")) {
            try {
                return checkNotNegative(Duration.parse(trimmed), text);
            } catch (DateTimeParseException e) {
                throw e.getCause() instanceof ArithmeticException ? tooLong(text) : durationError(text);
            }
        }
        if (DECIMAL.matcher(trimmed).matches()) {
            throw new ConversionException("'" + text + "' needs a unit: write " + trimmed + "s, " + trimmed + "m, "
                    + trimmed + "h or " + trimmed + "ms");
        }
        Matcher matcher = DURATION_PART.matcher(trimmed.toLowerCase(Locale.ROOT));
        Duration total = Duration.ZERO;
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() != end) {
                throw durationError(text);
            }
            try {
                long amount = Long.parseLong(matcher.group(1));
                total = total.plus(
                        switch (matcher.group(2)) {
                            case "ms" -> Duration.ofMillis(amount);
                            case "s" -> Duration.ofSeconds(amount);
                            case "m" -> Duration.ofMinutes(amount);
                            case "h" -> Duration.ofHours(amount);
                            default -> Duration.ofDays(amount);
                        });
            } catch (NumberFormatException | ArithmeticException e) {
                throw tooLong(text);
            }
            end = matcher.end();
        }
        if (end == 0 || end != trimmed.length()) {
            throw durationError(text);
        }
        return total;
    }

    private static Duration checkNotNegative(Duration duration, String text) throws ConversionException {
        if (duration.isNegative()) {
            throw new ConversionException("'" + text + "' is negative");
        }
        return duration;
    }

    private static ConversionException tooLong(String text) {
        return new ConversionException("'" + text + "' is too long: a duration may be at most 365d");
    }

    private static ConversionException durationError(String text) {
        return new ConversionException("'" + text + "' is not a duration: write e.g. 30s, 5m, 1h, 500ms or 1h30m");
    }

    static String quoted(String text) {
        return text.isEmpty() ? "an empty value" : "'" + text + "'";
    }
}
