package dev.nixboot.steps.sops;

import dev.nixboot.engine.spi.StepContext;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.LogOutputStream;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Runs a local program with Apache Commons Exec, streaming its output to the step's console. Arguments are passed as
 * a list (no shell); the program is looked up on the PATH of the environment it will get, not nixboot's own.
 */
final class LocalCommand {
    private static final int TAIL = 5;

    /** The exit code and the last lines of standard error, for a failure message. */
    record Result(int exitCode, List<String> stderrTail) {}

    private LocalCommand() {}

    /** The program's absolute path on the environment's PATH, or null when it is not there. */
    static Path find(String program, Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return null;
    }

    static Result run(Path program, List<String> arguments, Path directory, Map<String, String> environment,
            StepContext context) throws IOException {
        CommandLine command = new CommandLine(program.toString());
        arguments.forEach(argument -> command.addArgument(argument, false));
        Deque<String> tail = new ArrayDeque<>();
        LogOutputStream out = new LogOutputStream() {
            @Override
            protected void processLine(String line, int level) {
                context.console().stdout(line);
            }
        };
        LogOutputStream err = new LogOutputStream() {
            @Override
            protected void processLine(String line, int level) {
                context.console().stderr(line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL) {
                        tail.removeFirst();
                    }
                }
            }
        };
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(ExecuteWatchdog.INFINITE_TIMEOUT_DURATION).get();
        DefaultExecutor executor = DefaultExecutor.builder()
                .setWorkingDirectory(directory.toFile())
                .setExecuteStreamHandler(new PumpStreamHandler(out, err))
                .get();
        executor.setWatchdog(watchdog);
        executor.setExitValues(null); // every exit code is reported by the caller, not thrown
        int exit;
        AutoCloseable cancel = context.onCancel(watchdog::destroyProcess);
        try {
            exit = executor.execute(command, environment);
        } catch (ExecuteException e) {
            exit = e.getExitValue();
        } finally {
            out.close();
            err.close();
            try {
                cancel.close();
            } catch (Exception e) {
                // The process has ended; a cancel action that cannot be unregistered has nothing left to kill.
            }
        }
        synchronized (tail) {
            return new Result(exit, List.copyOf(tail));
        }
    }
}
