package dev.nixboot.cli.display;

import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import dev.nixboot.engine.spi.DurationText;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run as a person watches it: a line when a step starts and when it ends (with its duration), the step's output
 * prefixed by its id, and a table at the end. Events come from worker threads; each line is written whole.
 */
final class HumanDisplay implements RunListener {
    private final PrintWriter out;

    HumanDisplay(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void runStarted(String playbookName, int stepCount) {
        line("running " + quoted(playbookName) + ": " + stepCount + (stepCount == 1 ? " step" : " steps"));
    }

    @Override
    public void stepStarted(String stepId, String type, int attempt) {
        line("[" + stepId + "] started (" + type + ")" + (attempt > 1 ? ", attempt " + attempt : ""));
    }

    @Override
    public void output(String stepId, Stream stream, String text) {
        line(stepId + (stream == Stream.INFO ? " : " : " | ") + text);
    }

    @Override
    public void stepFinished(
            String stepId, StepStatus status, Duration duration, Map<String, Object> outputs, String error) {
        String reason = error == null || error.isEmpty() ? "" : ": " + error;
        switch (status) {
            case SUCCEEDED -> line("[" + stepId + "] succeeded in " + DurationText.format(duration));
            case FAILED -> line("[" + stepId + "] FAILED in " + DurationText.format(duration) + reason);
            case CANCELLED -> line("[" + stepId + "] cancelled after " + DurationText.format(duration) + reason);
            default -> line("[" + stepId + "] " + word(status) + reason);
        }
    }

    @Override
    public void notice(String message) {
        line("note: " + message);
    }

    @Override
    public void runFinished(RunSummary summary) {
        if (summary.steps().isEmpty()) {
            return; // refused before any step (a run already going on, a broken state file): the notes say why
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"STEP", "TYPE", "RESULT", "TIME", ""});
        Map<StepStatus, Integer> counts = new EnumMap<>(StepStatus.class);
        for (RunSummary.StepResult step : summary.steps()) {
            counts.merge(step.status(), 1, Integer::sum);
            boolean ran = step.status() == StepStatus.SUCCEEDED
                    || step.status() == StepStatus.FAILED
                    || step.status() == StepStatus.CANCELLED;
            rows.add(new String[] {
                step.id(),
                step.type(),
                word(step.status()),
                ran && step.duration() != null ? DurationText.format(step.duration()) : "-",
                step.error() == null ? "" : step.error()
            });
        }
        // One write for the whole table: the writer flushes at every println, a system call a row otherwise.
        StringBuilder text = new StringBuilder(System.lineSeparator());
        table(rows, text);
        List<String> totals = new ArrayList<>();
        counts.forEach((status, count) -> totals.add(count + " " + word(status).toLowerCase(Locale.ROOT)));
        text.append(String.join(", ", totals))
                .append(" in ")
                .append(DurationText.format(summary.duration()))
                .append(summary.exitCode() == ExitCode.INTERRUPTED ? " (interrupted; --resume continues)" : "")
                .append(System.lineSeparator());
        synchronized (out) {
            out.print(text);
            out.flush();
        }
    }

    static String word(StepStatus status) {
        return switch (status) {
            case SUCCEEDED -> "succeeded";
            case FAILED -> "FAILED";
            case SKIPPED_CONDITION -> "skipped (when)";
            case SKIPPED_DEPENDENCY -> "skipped";
            case NOT_SELECTED -> "not selected";
            case RESUMED -> "resumed";
            case CANCELLED -> "cancelled";
        };
    }

    private static void table(List<String[]> rows, StringBuilder text) {
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
            }
            text.append(line.append(row[4]).toString().stripTrailing()).append(System.lineSeparator());
        }
    }

    private void line(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    private static String quoted(String name) {
        return "'" + name + "'";
    }
}
