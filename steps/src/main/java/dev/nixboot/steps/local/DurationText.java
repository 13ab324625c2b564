package dev.nixboot.steps.local;

import java.time.Duration;

/**
 * Durations in messages, written the way a playbook writes them ({@code 1m30s}, not {@code PT1M30S}). Reading them
 * is the engine's job: step parameters are {@link Duration} components, which the binder reads from {@code 500ms},
 * {@code 30s}, {@code 5m} or {@code 1h30m}.
 */
public final class DurationText {
    private DurationText() {}

    /** The shortest way to write the duration back: 90s becomes 1m30s. */
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
