package dev.nixboot.steps.local;

import dev.nixboot.engine.spi.StepConsole;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Receives a process's output stream: hands each complete line to a consumer as it arrives (so output streams live)
 * and keeps the text for the step's outputs. Every buffer is bounded, so no output exhausts memory: a line longer than
 * {@link StepConsole#MAX_LINE} chars is passed on in pieces of that length (the console masks across them), and the
 * kept text stops at {@link #LIMIT}, at the end of the last whole line before it.
 */
public final class LineCapture extends OutputStream {
    /** Outputs are for templates and state files; anything longer was meant to be watched, not captured. */
    public static final int LIMIT = 4 * 1024 * 1024;

    private final Consumer<String> lines;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer undecoded = ByteBuffer.allocate(8192);
    private final CharBuffer decoded = CharBuffer.allocate(8192);
    private final StringBuilder line = new StringBuilder();
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private boolean truncated;
    private boolean closed;

    public LineCapture(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        keep(bytes, offset, length);
        int position = offset;
        int end = offset + length;
        while (position < end) {
            int n = Math.min(end - position, undecoded.remaining());
            undecoded.put(bytes, position, n);
            position += n;
            decode(false);
        }
    }

    /** Passes on a last line that had no newline. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        decode(true);
        if (line.length() > 0) {
            emit();
        }
    }

    /** The captured text without trailing newlines, as shell command substitution gives it. */
    public synchronized String text() {
        String text = all();
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }

    /**
     * The captured text as written, trailing newlines and all. When the output was longer than {@link #LIMIT}, only
     * its whole lines before the limit: a line cut at the limit could end in the first half of a secret, which would
     * then be masked nowhere.
     */
    public synchronized String all() {
        byte[] bytes = kept.toByteArray();
        int length = bytes.length;
        if (truncated) {
            while (length > 0 && bytes[length - 1] != '\n') {
                length--;
            }
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    public synchronized boolean truncated() {
        return truncated;
    }

    private void keep(byte[] bytes, int offset, int length) {
        int room = LIMIT - kept.size();
        if (length > room) {
            truncated = true;
        }
        if (room > 0) {
            kept.write(bytes, offset, Math.min(room, length));
        }
    }

    private void decode(boolean endOfInput) {
        undecoded.flip();
        while (true) {
            CoderResult result = decoder.decode(undecoded, decoded, endOfInput);
            split();
            if (result.isUnderflow()) {
                break;
            }
        }
        if (endOfInput) {
            decoder.flush(decoded);
            split();
        }
        undecoded.compact();
    }

    /** Hands on the lines in the decoded chars, and pieces of a line that grew too long to hold. */
    private void split() {
        decoded.flip();
        while (decoded.hasRemaining()) {
            char c = decoded.get();
            if (c == '\n') {
                emit();
            } else {
                line.append(c);
                // A piece never ends between the two chars of a surrogate pair.
                if (line.length() >= StepConsole.MAX_LINE && !Character.isHighSurrogate(c)) {
                    lines.accept(line.toString());
                    line.setLength(0);
                }
            }
        }
        decoded.clear();
    }

    private void emit() {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        lines.accept(line.substring(0, end));
        line.setLength(0);
    }
}
