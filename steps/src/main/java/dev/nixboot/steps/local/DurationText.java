package dev.nixboot.steps.local;

import java.time.Duration;
import java.util.regex.Matcher;

/** Durations as people write them in playbooks: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}. */
final class DurationText {
    static final String PATTERN = "(\\d+(ms|s|m|h))+";
    private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)");

    private DurationText() {}

    static Duration parse(String text) {
        if (!text.matches(PATTERN)) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (write 500ms, 30s, 5m or 1h30m)");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
        }
        return total;
    }

    /** The shortest way to write the duration back: 90s becomes 1m30s. */
    static String format(Duration duration) {
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
