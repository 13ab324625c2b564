package dev.nixboot.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.api.Progress;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveProgressTest {
    private static final String ESC = "\u001b";
    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text);
    private final MovingClock clock = new MovingClock();

    /** Stands in for the human display: a line per event, on the same writer. */
    private final RunListener display = new RunListener() {
        @Override
        public void stepStarted(String stepId, String type, int attempt) {
            out.print("started " + stepId + "\n");
        }

        @Override
        public void output(String stepId, Stream stream, String line) {
            out.print(stepId + " | " + line + "\n");
        }

        @Override
        public void stepFinished(
                String stepId, StepStatus status, Duration duration, Map<String, Object> outputs, String error) {
            out.print("finished " + stepId + " " + status + "\n");
        }
    };

    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T05:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private LiveProgress progress(TerminalStyle style) {
        return new LiveProgress(display, out, style, clock);
    }

    @Test
    void showsRunningStepsWithElapsedTimeBelowTheDisplayOnATerminal() {
        LiveProgress progress = progress(new TerminalStyle(true, true));
        progress.runStarted("bootstrap", 3);
        progress.stepStarted("keyscan", "ssh.keyscan", 1);
        progress.stepStarted("build", "exec", 2);
        clock.advance(Duration.ofMillis(3200));
        progress.tick();
        assertThat(Screen.render(text.toString()))
                .containsExactly(
                        "started keyscan",
                        "started build",
                        "  running keyscan (ssh.keyscan) 3.2s",
                        "  running build (exec attempt 2) 3.2s");
        progress.output("build", RunListener.Stream.STDOUT, "compiling");
        progress.stepFinished("keyscan", StepStatus.SUCCEEDED, Duration.ofMillis(3200), Map.of(), null);
        clock.advance(Duration.ofSeconds(70));
        progress.tick();
        assertThat(Screen.render(text.toString()))
                .containsExactly(
                        "started keyscan",
                        "started build",
                        "build | compiling",
                        "finished keyscan SUCCEEDED",
                        "  running build (exec attempt 2) 1m13s");
        assertThat(text.toString()).contains(ESC + "[2m", ESC + "[1m");
    }

    @Test
    void showsBarBytesRateAndTimeLeftOfAStepReportingProgressBelowItsLine() {
        LiveProgress progress = progress(new TerminalStyle(true, false));
        progress.stepStarted("write_iso", "disk.write", 1);
        clock.advance(Duration.ofSeconds(12));
        progress.progress("write_iso", new Progress("writing", 400L << 20, 1000L << 20, Duration.ofSeconds(10)));
        progress.tick();
        assertThat(Screen.render(text.toString()))
                .containsExactly(
                        "started write_iso",
                        "  running write_iso (disk.write) 12s",
                        "    writing [####........] 40% 400.0 MiB/1000.0 MiB, 40.0 MiB/s, 15s left");

        progress.progress("write_iso", new Progress("verifying", 0, 1000L << 20, Duration.ZERO));
        progress.tick();
        assertThat(Screen.render(text.toString())).last().isEqualTo("    verifying [............] 0% 0 B/1000.0 MiB");
        progress.stepFinished("write_iso", StepStatus.SUCCEEDED, Duration.ofSeconds(30), Map.of(), null);
        assertThat(Screen.render(text.toString())).containsExactly("started write_iso", "finished write_iso SUCCEEDED");
    }

    @Test
    void keepsTheProgressLineWithinEightyColumnsEvenWithTheLongestNumbers() {
        LiveProgress progress = progress(new TerminalStyle(true, false));
        progress.stepStarted("write_iso", "disk.write", 1);
        progress.progress("write_iso", new Progress("verifying", (1L << 40) - 1, (1L << 40) - 1, Duration.ofHours(3)));
        progress.progress(
                "write_iso", new Progress("verifying", (1000L << 30) - 1, (1L << 40) - 1, Duration.ofHours(30)));
        progress.tick();

        assertThat(Screen.render(text.toString()).get(2)).hasSizeLessThanOrEqualTo(80);
    }

    @Test
    void putsProgressInThePlainStillRunningLine() {
        LiveProgress progress = progress(TerminalStyle.PLAIN);
        progress.runStarted("iso", 1);
        progress.stepStarted("write_iso", "disk.write", 1);
        progress.progress("write_iso", new Progress("writing", 3L << 30, 4L << 30, Duration.ofSeconds(30)));
        clock.advance(Duration.ofSeconds(30));
        progress.tick();
        assertThat(text.toString())
                .isEqualTo("started write_iso\nstill running: write_iso (disk.write) 30s,"
                        + " writing 75% 3.0 GiB/4.0 GiB, 102.4 MiB/s, 10s left\n");
    }

    @Test
    void leavesOnlyTheDisplaysLinesWhenTheRunEnds() {
        LiveProgress progress = progress(new TerminalStyle(true, true));
        progress.stepStarted("keyscan", "ssh.keyscan", 1);
        progress.tick();
        progress.stepFinished("keyscan", StepStatus.FAILED, Duration.ofSeconds(1), Map.of(), "refused");
        progress.runFinished(new RunSummary(List.of(), Duration.ofSeconds(1), 1));
        assertThat(Screen.render(text.toString())).containsExactly("started keyscan", "finished keyscan FAILED");
    }

    @Test
    void writesPlainLinesWithoutEscapesWhenNotATerminal() {
        LiveProgress progress = progress(TerminalStyle.detect(false, Map.of("TERM", "xterm-256color")));
        progress.runStarted("bootstrap", 1);
        progress.stepStarted("install", "exec", 1);
        progress.output("install", RunListener.Stream.STDERR, "copying");
        progress.tick();
        progress.stepFinished("install", StepStatus.SUCCEEDED, Duration.ofSeconds(2), Map.of(), null);
        assertThat(text.toString()).isEqualTo("started install\ninstall | copying\nfinished install SUCCEEDED\n");
    }

    @Test
    void saysWhatIsStillRunningEveryHalfMinuteWhenNotATerminal() {
        LiveProgress progress = progress(TerminalStyle.PLAIN);
        progress.runStarted("bootstrap", 1);
        progress.stepStarted("install", "nixos-anywhere", 1);
        clock.advance(Duration.ofSeconds(29));
        progress.tick();
        assertThat(text.toString()).doesNotContain("still running");
        clock.advance(Duration.ofSeconds(1));
        progress.tick();
        progress.tick();
        assertThat(text.toString()).isEqualTo("started install\nstill running: install (nixos-anywhere) 30s\n");
    }

    @Test
    void redrawsButNeverColoursWithNoColorSet() {
        TerminalStyle style = TerminalStyle.detect(true, Map.of("NO_COLOR", "1", "TERM", "xterm"));
        assertThat(style).isEqualTo(new TerminalStyle(true, false));
        LiveProgress progress = progress(style);
        progress.stepStarted("keyscan", "ssh.keyscan", 1);
        progress.tick();
        assertThat(text.toString()).contains(ESC + "[1A").doesNotContainPattern(ESC + "\\[[0-9;]*m");
        assertThat(Screen.render(text.toString()))
                .containsExactly("started keyscan", "  running keyscan (ssh.keyscan) 0ms");
    }

    @Test
    void decidesStyleFromTerminalTermAndNoColor() {
        assertThat(TerminalStyle.detect(true, Map.of())).isEqualTo(new TerminalStyle(true, true));
        assertThat(TerminalStyle.detect(true, Map.of("NO_COLOR", ""))).isEqualTo(new TerminalStyle(true, true));
        assertThat(TerminalStyle.detect(true, Map.of("TERM", "dumb"))).isEqualTo(TerminalStyle.PLAIN);
        assertThat(TerminalStyle.detect(false, Map.of())).isEqualTo(TerminalStyle.PLAIN);
        assertThat(TerminalStyle.PLAIN.paint("ok", TerminalStyle.Colour.SUCCESS))
                .isEqualTo("ok");
    }
}
