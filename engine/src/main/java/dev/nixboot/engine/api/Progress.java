package dev.nixboot.engine.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How far a step's long piece of work has come, as a listener receives it.
 *
 * @param activity what is being done, such as "writing"; secrets masked
 * @param doneBytes bytes done so far
 * @param totalBytes bytes in all
 * @param elapsed how long the activity has run
 */
public record Progress(String activity, long doneBytes, long totalBytes, Duration elapsed) {
    public Progress {
        requireNonNull(activity, "activity");
        requireNonNull(elapsed, "elapsed");
        if (totalBytes < 0 || doneBytes < 0 || doneBytes > totalBytes) {
            throw new IllegalArgumentException("done " + doneBytes + " of " + totalBytes + " bytes is not progress");
        }
    }

    /** The average rate since the activity began; 0 before any time has passed. */
    public long bytesPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos <= 0 ? 0 : (long) (doneBytes * 1e9 / nanos);
    }

    /** The time left at the average rate so far; empty while nothing is done yet, so no rate is known. */
    public Optional<Duration> remaining() {
        long rate = bytesPerSecond();
        if (rate <= 0) {
            return doneBytes == totalBytes ? Optional.of(Duration.ZERO) : Optional.empty();
        }
        return Optional.of(Duration.ofMillis((totalBytes - doneBytes) * 1000 / rate));
    }
}
