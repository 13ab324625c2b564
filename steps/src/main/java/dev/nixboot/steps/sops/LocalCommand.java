package dev.nixboot.steps.sops;

import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.steps.local.LineCapture;
import dev.nixboot.steps.local.LocalProcess;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Runs a local program through {@link LocalProcess}, streaming its output to the step's console. Arguments are passed
 * as a list (no shell); the program is looked up on the PATH of the environment it will get, not nixboot's own.
 */
final class LocalCommand {
    private static final int TAIL = 5;

    /** The exit code and the last lines of standard error, for a failure message. */
    record Result(int exitCode, List<String> stderrTail) {}

    private LocalCommand() {}

    /** The program's absolute path on the environment's PATH, or null when it is not there. */
    static Path find(String program, Map<String, String> environment) {
        return LocalProcess.find(program, environment);
    }

    /**
     * @throws InterruptedIOException when the step was cancelled: the program and everything it started were killed
     */
    static Result run(
            Path program, List<String> arguments, Path directory, Map<String, String> environment, StepContext context)
            throws IOException {
        Deque<String> tail = new ArrayDeque<>();
        LineCapture out = new LineCapture(context.console()::stdout);
        LineCapture err = new LineCapture(line -> {
            context.console().stderr(line);
            synchronized (tail) {
                tail.addLast(line);
                if (tail.size() > TAIL) {
                    tail.removeFirst();
                }
            }
        });
        List<String> command = new ArrayList<>(arguments.size() + 1);
        command.add(program.toString());
        command.addAll(arguments);
        LocalProcess.Outcome outcome;
        try {
            outcome = new LocalProcess(command, directory, environment)
                    .output(out, err)
                    .run(context);
        } finally {
            out.close();
            err.close();
        }
        if (!outcome.exited()) {
            throw new InterruptedIOException(
                    "cancelled: killed " + program.getFileName() + " and every process it started");
        }
        synchronized (tail) {
            return new Result(outcome.exitCode(), List.copyOf(tail));
        }
    }
}
