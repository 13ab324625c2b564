package dev.nixboot.cli.display;

import dev.nixboot.cli.events.JsonEvents;
import dev.nixboot.cli.invocation.Invocation;
import dev.nixboot.cli.progress.LiveProgress;
import dev.nixboot.cli.progress.TerminalStyle;
import dev.nixboot.engine.api.Progress;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Where a run's events go: to people (the display with live progress) or to programs (JSON Lines). */
public final class RunOutput {
    public enum Format {
        HUMAN,
        JSON
    }

    private RunOutput() {}

    /**
     * HUMAN: the display on stdout, with the live view of running steps when stdout is a terminal. JSON: one event per
     * line on stdout for CI and wrappers, and the display as plain lines on stderr so a person can still follow.
     */
    public static RunListener listener(Format format, PrintWriter out, PrintWriter err, Invocation invocation) {
        if (format == Format.JSON) {
            RunListener events = new JsonEvents(out, Clock.systemUTC());
            RunListener display = new HumanDisplay(err);
            return new Both(events, display);
        }
        TerminalStyle style = TerminalStyle.detect(invocation.terminal().get().isPresent(), invocation.environment());
        LiveProgress progress = new LiveProgress(new HumanDisplay(out), out, style, Clock.systemUTC());
        progress.start();
        return progress;
    }

    /**
     * What every host of a run over many shows its steps in: for HUMAN the display with live progress on stdout, for
     * JSON the display as plain lines on stderr (each host's events then go to stdout through {@code HostsRun.listener}).
     */
    public static RunListener sharedDisplay(Format format, PrintWriter out, PrintWriter err, Invocation invocation) {
        if (format == Format.JSON) {
            return new HumanDisplay(err);
        }
        TerminalStyle style = TerminalStyle.detect(invocation.terminal().get().isPresent(), invocation.environment());
        LiveProgress progress = new LiveProgress(new HumanDisplay(out), out, style, Clock.systemUTC());
        progress.start();
        return progress;
    }

    /** Every event to {@code first}, then to {@code second}. */
    public static RunListener both(RunListener first, RunListener second) {
        return new Both(first, second);
    }

    /** picocli reads {@code --output json} in lower case, as it is written in help and docs. */
    public static final class Converter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not an output format: use human or json");
            }
        }
    }

    /** For shell completion of --output. */
    public static final class Names extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        public Names() {
            super(List.of("human", "json"));
        }
    }

    /** Events to the JSON stream first: a wrapper sees each event before the person does. */
    private record Both(RunListener first, RunListener second) implements RunListener {
        @Override
        public void runStarted(String playbookName, int stepCount) {
            first.runStarted(playbookName, stepCount);
            second.runStarted(playbookName, stepCount);
        }

        @Override
        public void stepStarted(String stepId, String type, int attempt) {
            first.stepStarted(stepId, type, attempt);
            second.stepStarted(stepId, type, attempt);
        }

        @Override
        public void output(String stepId, Stream stream, String line) {
            first.output(stepId, stream, line);
            second.output(stepId, stream, line);
        }

        @Override
        public void progress(String stepId, Progress progress) {
            first.progress(stepId, progress);
            second.progress(stepId, progress);
        }

        @Override
        public void stepFinished(
                String stepId, StepStatus status, Duration duration, Map<String, Object> outputs, String error) {
            first.stepFinished(stepId, status, duration, outputs, error);
            second.stepFinished(stepId, status, duration, outputs, error);
        }

        @Override
        public void notice(String message) {
            first.notice(message);
            second.notice(message);
        }

        @Override
        public void runFinished(RunSummary summary) {
            first.runFinished(summary);
            second.runFinished(summary);
        }
    }
}
