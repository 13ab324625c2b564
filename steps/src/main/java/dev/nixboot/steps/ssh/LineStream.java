package dev.nixboot.steps.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Copies a remote stream to the step's console line by line, live, while keeping all of it for the step's outputs.
 * Runs on its own thread; {@link #text()} is complete after {@link #join}.
 */
final class LineStream implements Runnable {
    /** What the remote wrapper writes first to standard error: the process group to signal on timeout. */
    static final String PID_MARKER = "NIXBOOT_PID ";

    private final InputStream input;
    private final Consumer<String> console;
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();
    private final Thread thread;
    private final boolean pidHeader;
    private volatile IOException failure;
    private volatile long pid = -1;
    private boolean firstLine = true;

    private LineStream(InputStream input, Consumer<String> console, String name, boolean pidHeader) {
        this.input = input;
        this.console = console;
        this.pidHeader = pidHeader;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    /**
     * @param pidHeader whether the stream starts with a {@link #PID_MARKER} line, which is taken out of both the
     *     console and the text
     */
    static LineStream start(InputStream input, Consumer<String> console, String name, boolean pidHeader) {
        LineStream stream = new LineStream(input, console, name, pidHeader);
        stream.thread.start();
        return stream;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[32 * 1024];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int n;
            while ((n = input.read(buffer)) != -1) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line.write(buffer, start, i - start);
                        emit(line, true);
                        start = i + 1;
                    }
                }
                line.write(buffer, start, n - start);
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            if (line.size() > 0) {
                emit(line, false);
            }
        }
    }

    /** Waits for the end of the stream, which has arrived in full once the channel is closed. */
    void join() throws InterruptedException {
        thread.join();
    }

    String text() {
        return all.toString(StandardCharsets.UTF_8);
    }

    /** The remote process group from the header, or -1 while it has not arrived. */
    long pid() {
        return pid;
    }

    IOException failure() {
        return failure;
    }

    private void emit(ByteArrayOutputStream line, boolean complete) {
        String text = line.toString(StandardCharsets.UTF_8);
        if (firstLine && pidHeader && complete && text.startsWith(PID_MARKER)) {
            firstLine = false;
            pid = Long.parseLong(text.substring(PID_MARKER.length()).strip());
            line.reset();
            return;
        }
        firstLine = false;
        all.writeBytes(line.toByteArray());
        if (complete) {
            all.write('\n');
        }
        line.reset();
        console.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
