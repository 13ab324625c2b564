package dev.nixboot.engine.run;

import dev.nixboot.engine.api.Progress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Turns one step's progress reports into the few a listener needs: the first report of each activity, the last, and
 * in between one for each hundredth of the work, so a step may report after every block without flooding a terminal
 * or a JSON stream. Counting work rather than time keeps what listeners see the same on a fast machine and a slow one.
 * Each report passed on carries the time since its activity's first report. Thread-safe.
 */
public final class ProgressReports {
    private static final int STEPS = 100;

    private final LongSupplier nanoTime;
    private String activity;
    private long activityStart;
    private long lastDone;

    public ProgressReports() {
        this(System::nanoTime);
    }

    ProgressReports(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * The report to pass on, or empty when it adds too little to the last one passed on.
     *
     * @throws IllegalArgumentException when the numbers are not progress (done beyond total, negative)
     */
    public synchronized Optional<Progress> report(String activity, long doneBytes, long totalBytes) {
        long now = nanoTime.getAsLong();
        if (!activity.equals(this.activity)) {
            this.activity = activity;
            activityStart = now;
        } else if (doneBytes != totalBytes && doneBytes - lastDone < Math.max(1, totalBytes / STEPS)) {
            return Optional.empty();
        }
        Progress progress = new Progress(activity, doneBytes, totalBytes, Duration.ofNanos(now - activityStart));
        lastDone = doneBytes;
        return Optional.of(progress);
    }
}
