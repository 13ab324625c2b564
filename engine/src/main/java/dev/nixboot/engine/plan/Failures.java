package dev.nixboot.engine.plan;

import dev.nixboot.engine.compile.CompiledStep;
import java.time.Duration;
import java.util.Locale;

/** How failures read to the user. */
public final class Failures {
    private Failures() {}

    /**
     * An exception other than {@code StepFailure} is a bug in the step, so the message names the step id, its type
     * and the class to report it against, besides what was thrown.
     */
    public static String bug(CompiledStep step, Throwable thrown) {
        String detail = thrown.getMessage() == null ? "" : ": " + thrown.getMessage();
        return "step '" + step.id() + "' (type " + step.type() + ", class " + step.step().getClass().getName()
                + ") failed with " + thrown.getClass().getName() + detail + " - this is a bug in the step";
    }

    /** "30s", "1m30s", "250ms": the way the playbook would write it. */
    public static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000 || millis % 1000 != 0) {
            return millis < 1000 ? millis + "ms" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        long hours = minutes / 60;
        String text = hours > 0 ? hours + "h" + (minutes % 60 > 0 ? minutes % 60 + "m" : "") : minutes + "m";
        return seconds % 60 > 0 ? text + seconds % 60 + "s" : text;
    }
}
