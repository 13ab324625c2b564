package dev.nixboot.engine.spi;

import java.time.Duration;

/**
 * Durations for people, one way everywhere nixboot writes one (a step's time, a live clock, a timeout in a message):
 * {@code 430ms}, {@code 1.5s}, {@code 59.9s}, {@code 1m}, {@code 3m05s}, {@code 1h02m}, never {@code PT1M30S}. Whole
 * durations read as a playbook writes them ({@code 500ms}, {@code 30s}, {@code 1m30s}, {@code 2h}).
 */
public final class DurationText {
    private DurationText() {}

    /**
     * Below a second, whole milliseconds (a 250ms timeout stays 250ms); below a minute, seconds to a tenth; above,
     * whole seconds in hours, minutes and seconds, with the units after the first in two digits and zero units at the
     * end left out. Always truncated, never rounded up: 999ms is not "1s", 59.99s is not "1m", so a step that took
     * 59.99s never reads as having reached a 1m timeout. Negative durations (a clock stepped back) read as 0ms.
     */
    public static String format(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            long tenths = millis % 1000 / 100;
            return millis / 1000 + (tenths == 0 ? "" : "." + tenths) + "s";
        }
        long seconds = millis / 1000;
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        StringBuilder text = new StringBuilder();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0 || rest > 0 || hours == 0) {
            text.append(hours > 0 ? twoDigits(minutes) : String.valueOf(minutes))
                    .append('m');
        }
        if (rest > 0) {
            text.append(twoDigits(rest)).append('s');
        }
        return text.toString();
    }

    private static String twoDigits(long value) {
        return value < 10 ? "0" + value : String.valueOf(value);
    }
}
