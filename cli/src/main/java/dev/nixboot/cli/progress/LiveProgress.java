package dev.nixboot.cli.progress;

import dev.nixboot.engine.api.Progress;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import dev.nixboot.engine.spi.DurationText;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wraps the human display with a view of the steps running now and how long each has run.
 *
 * <p>On a terminal the view sits below the display's lines and is redrawn in place several times a second: before
 * each event it is erased, the display prints its lines, and the view is drawn again, so the two never overlap.
 * Elsewhere (a pipe, a CI log) nothing is redrawn: the display's lines pass through untouched, and a plain
 * "still running" line every so often shows that a long step is alive. A step that reports progress (a disk being
 * written) gets its bar, bytes, rate and time left on a line below its own in the view, and in the plain line.
 *
 * <p>The display must write to the same writer as this view.
 */
public final class LiveProgress implements RunListener, AutoCloseable {
    private static final String CURSOR_UP_AND_CLEAR = "\u001b[1A\u001b[2K";
    private static final Duration REDRAW = Duration.ofMillis(250);
    public static final Duration HEARTBEAT = Duration.ofSeconds(30);

    private final RunListener display;
    private final PrintWriter out;
    private final TerminalStyle style;
    private final Clock clock;
    private final Map<String, Running> running = new LinkedHashMap<>();
    private ScheduledExecutorService ticker;
    private int drawnLines;
    private Instant lastHeartbeat;

    private record Running(String type, int attempt, Instant since, Progress progress) {
        Running with(Progress latest) {
            return new Running(type, attempt, since, latest);
        }
    }

    public LiveProgress(RunListener display, PrintWriter out, TerminalStyle style, Clock clock) {
        this.display = display;
        this.out = out;
        this.style = style;
        this.clock = clock;
    }

    /** Starts redrawing (on a terminal) or the plain heartbeat (elsewhere) on a daemon thread. */
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "nixboot-progress");
            thread.setDaemon(true);
            return thread;
        });
        Duration period = style.live() ? REDRAW : Duration.ofSeconds(1);
        ticker.scheduleAtFixedRate(this::tick, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void runStarted(String playbookName, int stepCount) {
        lastHeartbeat = clock.instant();
        around(() -> display.runStarted(playbookName, stepCount));
    }

    @Override
    public synchronized void stepStarted(String stepId, String type, int attempt) {
        running.put(stepId, new Running(type, attempt, clock.instant(), null));
        around(() -> display.stepStarted(stepId, type, attempt));
    }

    @Override
    public synchronized void output(String stepId, Stream stream, String line) {
        around(() -> display.output(stepId, stream, line));
    }

    /** Kept for the next redraw (on a terminal, four a second) or plain line; nothing is printed for it now. */
    @Override
    public synchronized void progress(String stepId, Progress progress) {
        running.computeIfPresent(stepId, (id, state) -> state.with(progress));
    }

    @Override
    public synchronized void stepFinished(
            String stepId, StepStatus status, Duration duration, Map<String, Object> outputs, String error) {
        running.remove(stepId);
        around(() -> display.stepFinished(stepId, status, duration, outputs, error));
    }

    @Override
    public synchronized void notice(String message) {
        around(() -> display.notice(message));
    }

    @Override
    public synchronized void runFinished(RunSummary summary) {
        running.clear();
        around(() -> display.runFinished(summary));
        close();
    }

    /** Redraws the view with fresh times, or writes the plain heartbeat when it is due. */
    public synchronized void tick() {
        if (style.live()) {
            erase();
            draw();
            out.flush();
        } else if (!running.isEmpty()
                && lastHeartbeat != null
                && !clock.instant().isBefore(lastHeartbeat.plus(HEARTBEAT))) {
            lastHeartbeat = clock.instant();
            out.print("still running: " + String.join(", ", runningLines()) + "\n");
            out.flush();
        }
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    private void around(Runnable event) {
        if (!style.live()) {
            event.run();
            return;
        }
        erase();
        out.flush();
        event.run();
        out.flush();
        draw();
        out.flush();
    }

    private void erase() {
        for (int i = 0; i < drawnLines; i++) {
            out.print(CURSOR_UP_AND_CLEAR);
        }
        out.print('\r');
        drawnLines = 0;
    }

    /** A step's progress goes on a line of its own, so that each line fits an 80-column terminal and never wraps. */
    private void draw() {
        for (Map.Entry<String, Running> step : running.entrySet()) {
            out.print(style.paint("  running ", TerminalStyle.Colour.DIM) + line(step) + "\n");
            drawnLines++;
            Progress progress = step.getValue().progress();
            if (progress != null) {
                out.print("    " + ProgressText.of(progress, true) + "\n");
                drawnLines++;
            }
        }
    }

    private List<String> runningLines() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Running> step : running.entrySet()) {
            Progress progress = step.getValue().progress();
            lines.add(line(step) + (progress == null ? "" : ", " + ProgressText.of(progress, false)));
        }
        return lines;
    }

    private String line(Map.Entry<String, Running> step) {
        Running state = step.getValue();
        String attempt = state.attempt() > 1 ? " attempt " + state.attempt() : "";
        return style.paint(step.getKey(), TerminalStyle.Colour.BOLD) + " (" + state.type() + attempt + ") "
                + DurationText.format(Duration.between(state.since(), clock.instant()));
    }
}
