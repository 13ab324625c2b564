package dev.nixboot.steps.ssh;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as playbooks write them, the same syntax as the exec step's: {@code 500ms}, {@code 30s}, {@code 1h30m}. */
public final class Durations {
    /** What a duration parameter must look like. */
    public static final String PATTERN = "(\\d+(ms|s|m|h))+";
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Durations() {}

    /** The duration, or {@code fallback} for null or blank text. */
    public static Duration parse(String text, Duration fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        if (!text.matches(PATTERN)) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 500ms, 30s, 5m or 1h30m");
        }
        Duration total = Duration.ZERO;
        Matcher matcher = PART.matcher(text);
        while (matcher.find()) {
            long amount = Long.parseLong(matcher.group(1));
            total = total.plus(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
        }
        return total;
    }

    /** {@code 90s} as {@code 1m30s}, for messages. */
    public static String format(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds % 3600 >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        if (seconds % 60 != 0 || text.length() == 0) {
            text.append(seconds % 60).append('s');
        }
        return text.toString();
    }
}
