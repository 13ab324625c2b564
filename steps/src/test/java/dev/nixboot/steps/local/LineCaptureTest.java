package dev.nixboot.steps.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.spi.StepConsole;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineCaptureTest {

    @Test
    void passesOnEachLineTheMomentItIsComplete() {
        List<String> lines = new ArrayList<>();
        LineCapture capture = new LineCapture(lines::add);

        capture.write("first li".getBytes(StandardCharsets.UTF_8), 0, 8);
        assertThat(lines).isEmpty();
        capture.write("ne\r\nsecond".getBytes(StandardCharsets.UTF_8), 0, 10);
        assertThat(lines).containsExactly("first line");
        capture.close();

        assertThat(lines).containsExactly("first line", "second");
        assertThat(capture.text()).isEqualTo("first line\r\nsecond");
    }

    @Test
    void keepsMultiByteCharactersSplitAcrossWrites() {
        List<String> lines = new ArrayList<>();
        LineCapture capture = new LineCapture(lines::add);
        byte[] bytes = "grüße\n".getBytes(StandardCharsets.UTF_8);

        capture.write(bytes, 0, 3);
        capture.write(bytes, 3, bytes.length - 3);

        assertThat(lines).containsExactly("grüße");
    }

    @Test
    void stopsKeepingTextAtTheLimitButStillStreams() {
        List<String> lines = new ArrayList<>();
        LineCapture capture = new LineCapture(lines::add);
        byte[] line = "x".repeat(1023).concat("\n").getBytes(StandardCharsets.UTF_8);

        for (int i = 0; i < LineCapture.LIMIT / 1024 + 10; i++) {
            capture.write(line, 0, line.length);
        }

        assertThat(capture.truncated()).isTrue();
        assertThat(capture.text().length()).isLessThanOrEqualTo(LineCapture.LIMIT);
        assertThat(lines).hasSize(LineCapture.LIMIT / 1024 + 10);
    }

    @Test
    void passesALineTooLongToHoldInPiecesAsItArrives() {
        List<String> lines = new ArrayList<>();
        LineCapture capture = new LineCapture(lines::add);
        byte[] chunk = "\u00e9".repeat(1000).getBytes(StandardCharsets.UTF_8);

        for (int i = 0; i < 300; i++) {
            capture.write(chunk, 0, chunk.length);
        }

        // 300,000 chars so far: four whole pieces are out before the line ends, none longer than the bound.
        assertThat(lines).hasSize(300_000 / StepConsole.MAX_LINE).allSatisfy(piece -> assertThat(piece)
                .hasSize(StepConsole.MAX_LINE)
                .matches("\u00e9+"));
        capture.write("\n".getBytes(StandardCharsets.UTF_8), 0, 1);
        assertThat(String.join("", lines)).hasSize(300_000);
    }

    @Test
    void keepsOnlyWholeLinesWhenTheOutputPassesTheLimit() {
        LineCapture capture = new LineCapture(line -> {});
        byte[] first = ("x".repeat(LineCapture.LIMIT - 6) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] second = "Zq9Secret\nmore\n".getBytes(StandardCharsets.UTF_8);

        capture.write(first, 0, first.length);
        capture.write(second, 0, second.length);

        assertThat(capture.truncated()).isTrue();
        assertThat(capture.all()).hasSize(LineCapture.LIMIT - 5).endsWith("x\n");
        assertThat(capture.text()).doesNotContain("Zq9");
    }
}
