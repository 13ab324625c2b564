package dev.nixboot.steps.local;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Receives a process's output stream: hands each complete line to a consumer as it arrives (so output streams live)
 * and keeps the text for the step's outputs, up to a limit so a chatty process cannot exhaust memory.
 */
public final class LineCapture extends OutputStream {
    /** Outputs are for templates and state files; anything longer was meant to be watched, not captured. */
    static final int LIMIT = 4 * 1024 * 1024;

    private final Consumer<String> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private boolean truncated;

    public LineCapture(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public synchronized void write(int b) {
        if (kept.size() < LIMIT) {
            kept.write(b);
        } else {
            truncated = true;
        }
        if (b == '\n') {
            emit();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    /** Passes on a last line that had no newline. */
    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            emit();
        }
    }

    /** The captured text without trailing newlines, as shell command substitution gives it. */
    synchronized String text() {
        String text = kept.toString(StandardCharsets.UTF_8);
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }

    synchronized boolean truncated() {
        return truncated;
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        lines.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
