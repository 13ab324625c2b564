package dev.nixboot.engine.testkit;

import dev.nixboot.engine.api.Progress;
import dev.nixboot.engine.spi.Outputs;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one step execution under {@link StepTestKit} produced.
 *
 * @param questions the confirmations and questions the step asked, in order
 * @param progress the progress reports a run's listener would have received
 */
public record StepResult(
        Outputs outputs, List<Line> lines, Exception failure, List<String> questions, List<Progress> progress) {

    public enum Stream {
        STDOUT,
        STDERR,
        INFO
    }

    public record Line(Stream stream, String text) {}

    public boolean succeeded() {
        return failure == null;
    }

    /** All lines of one stream, joined with newlines. */
    public String text(Stream stream) {
        return lines.stream().filter(l -> l.stream() == stream).map(Line::text).collect(Collectors.joining("\n"));
    }
}
