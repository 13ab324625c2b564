package dev.nixboot.cli.display;

import java.time.Duration;

/** Durations for people: 0.4s, 12.0s, 3m05s. */
final class Durations {
    private Durations() {}

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 60_000) {
            return String.format("%d.%ds", millis / 1000, millis % 1000 / 100);
        }
        long seconds = duration.toSeconds();
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
