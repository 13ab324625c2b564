package dev.nixboot.cli.progress;

import java.time.Duration;

/** A duration the way people read a running clock: 0.4s, 12s, 3m05s, 1h02m. */
public final class Elapsed {
    private Elapsed() {}

    public static String format(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 10_000) {
            return (millis / 1000) + "." + (millis % 1000) / 100 + "s";
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
