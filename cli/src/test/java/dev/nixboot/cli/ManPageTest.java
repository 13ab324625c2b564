package dev.nixboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ManPageTest {
    @TempDir
    Path directory;

    private String page() {
        CommandResult result = CommandResult.nixboot(directory, "man");
        assertThat(result.code()).isZero();
        return result.out();
    }

    @Test
    void describesEveryCommandAndOptionFromTheCommandModel() {
        String page = page();
        assertThat(page).startsWith(".TH NIXBOOT 1 ");
        assertThat(page)
                .contains(
                        ".SS \"nixboot graph\"",
                        ".SS \"nixboot steps\"",
                        ".SS \"nixboot schema\"",
                        ".SS \"nixboot completion\"",
                        ".SS \"nixboot run\"",
                        "\\fB\\-\\-output\\fR \\fIFORMAT\\fR",
                        "\\fB\\-\\-format\\fR \\fIFORMAT\\fR",
                        "\\fB\\-\\-events\\fR\n",
                        ".SH EXIT STATUS",
                        "NO_COLOR");
    }

    @Test
    @Timeout(30)
    void rendersWithGroffWithoutWarnings() throws Exception {
        Process groff = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-P-cbou").start();
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> read(groff.getErrorStream()));
        try (OutputStream in = groff.getOutputStream()) {
            in.write(page().getBytes(StandardCharsets.UTF_8));
        }
        String text = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(groff.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(errors.get()).isEmpty();
        assertThat(text)
                .contains("nixboot graph", "--format FORMAT", "mermaid (the default) or dot.", "130    Interrupted");
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
