package dev.nixboot.steps.local;

import dev.nixboot.engine.spi.StepContext;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way nixboot's steps run a program on this machine: an argument list (no shell), a working directory,
 * exactly the environment given, and an input that is closed once written, so a program never waits on the terminal
 * nixboot runs in. Output goes to the caller's streams as it arrives.
 *
 * <p>The wait is on the process itself and on the end of its output, never a timer that polls (Commons Exec's
 * result handler slept 50 ms at a time, which made every {@code exec} step cost 50 ms). A timeout or a cancelled
 * step kills the process and everything it started ({@link ProcessTree}).
 */
public final class LocalProcess {
    /** How the process ended. */
    public enum Ending {
        /** It exited by itself; the exit code is its own. */
        EXITED,
        /** The timeout ran out: it was killed with everything it started. */
        TIMED_OUT,
        /** The step was cancelled: it was killed with everything it started, or never started. */
        CANCELLED
    }

    /** How the process ended and, when it {@link Ending#EXITED exited}, its exit code. */
    public record Outcome(Ending ending, int exitCode) {
        public Outcome {
            Objects.requireNonNull(ending, "ending");
        }

        public boolean exited() {
            return ending == Ending.EXITED;
        }
    }

    /**
     * Threads that copy output and input, kept between processes: starting two threads for every process was a
     * measurable part of what a short step costs. Daemons, so a pump stuck on an escaped child's pipe never keeps
     * nixboot from exiting.
     */
    private static final ExecutorService PUMPS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "nixboot-process-io");
        thread.setDaemon(true);
        return thread;
    });

    private final List<String> command;
    private final Path directory;
    private final Map<String, String> environment;
    private byte[] input = new byte[0];
    private OutputStream stdout = OutputStream.nullOutputStream();
    private OutputStream stderr = OutputStream.nullOutputStream();
    private Duration timeout;

    /**
     * @param command the program and its arguments, each passed exactly as given; a program without a slash is
     *     looked up on nixboot's own {@code PATH} (use {@link #find} to look it up on the environment's)
     * @param environment the whole environment of the process: nothing else is inherited
     */
    public LocalProcess(List<String> command, Path directory, Map<String, String> environment) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no program to run");
        }
        this.command = List.copyOf(command);
        this.directory = Objects.requireNonNull(directory, "directory");
        this.environment = Map.copyOf(environment);
    }

    /** What the process reads on its standard input; it sees end of file after it. Empty by default. */
    public LocalProcess input(byte[] bytes) {
        this.input = bytes.clone();
        return this;
    }

    /** Where its standard output and standard error go; discarded by default. The streams are not closed. */
    public LocalProcess output(OutputStream out, OutputStream err) {
        this.stdout = Objects.requireNonNull(out, "out");
        this.stderr = Objects.requireNonNull(err, "err");
        return this;
    }

    /** How long the process and its output may take before both are killed; no limit when null. */
    public LocalProcess timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /**
     * Runs the process to its end: it has exited and its output has reached end of file, or it was killed after the
     * timeout or a cancel of the step (and the output pumps were given a moment to finish).
     *
     * @throws IOException when the program cannot be started
     */
    public Outcome run(StepContext context) throws IOException {
        Running running = new Running();
        AutoCloseable cancel = context.onCancel(running::kill);
        try {
            if (context.isCancelled()) {
                return new Outcome(Ending.CANCELLED, -1);
            }
            return await(start(running), running);
        } finally {
            try {
                cancel.close();
            } catch (Exception e) {
                throw new IllegalStateException("unregistering the cancel action", e);
            }
        }
    }

    /** The program's absolute path on the environment's {@code PATH}, or null when it is not there. */
    public static Path find(String program, Map<String, String> environment) {
        if (program.contains("/")) {
            Path path = Path.of(program);
            return Files.isRegularFile(path) && Files.isExecutable(path) ? path.toAbsolutePath() : null;
        }
        for (String entry : environment.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(entry, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return null;
    }

    private Process start(Running running) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        running.started(process);
        return process;
    }

    private Outcome await(Process process, Running running) {
        Future<?> out = pump(process.getInputStream(), stdout);
        Future<?> err = pump(process.getErrorStream(), stderr);
        feed(process);
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        try {
            boolean ended = true;
            if (timeout == null) {
                process.waitFor();
            } else {
                ended = process.waitFor(remaining(deadline), TimeUnit.NANOSECONDS);
            }
            // A child left running in the background may still hold the output open: the output ends when it ends.
            ended = ended && join(out, deadline) && join(err, deadline);
            if (!ended) {
                running.kill();
                joinQuietly(out, err);
                return new Outcome(Ending.TIMED_OUT, -1);
            }
        } catch (InterruptedException e) {
            running.kill();
            joinQuietly(out, err);
            Thread.currentThread().interrupt();
            return new Outcome(Ending.CANCELLED, -1);
        }
        return running.killed() ? new Outcome(Ending.CANCELLED, -1) : new Outcome(Ending.EXITED, process.exitValue());
    }

    private static Future<?> pump(InputStream from, OutputStream to) {
        return PUMPS.submit(() -> {
            try (from) {
                from.transferTo(to);
            } catch (IOException e) {
                // The process was killed and its pipe closed under the read: its output ends here.
            }
        });
    }

    /** Writes the input from a thread of its own, so a process that does not read it cannot block the wait. */
    private void feed(Process process) {
        OutputStream stdin = process.getOutputStream();
        if (input.length == 0) {
            closeQuietly(stdin);
            return;
        }
        PUMPS.execute(() -> {
            try {
                stdin.write(input);
            } catch (IOException e) {
                // The process exited without reading all of it, as `head` does: not a failure of the run.
            } finally {
                closeQuietly(stdin);
            }
        });
    }

    private static boolean join(Future<?> pump, long deadline) throws InterruptedException {
        try {
            if (deadline == Long.MAX_VALUE) {
                pump.get();
            } else {
                pump.get(remaining(deadline), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("copying a process's output", e.getCause());
        }
    }

    /** After a kill the pipes close and the pumps end at once; the bound covers a pipe some escaped child holds. */
    private static void joinQuietly(Future<?>... pumps) {
        boolean interrupted = Thread.interrupted();
        try {
            for (Future<?> pump : pumps) {
                pump.get(ProcessTree.GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (TimeoutException | ExecutionException e) {
            // Given up on: the output of a child that escaped the kill, or a copy that failed; the outcome stands.
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // The process is gone already; there is nobody left to tell that the input ended.
        }
    }

    /** The started process, for a cancel that may come from another thread, before or after the start. */
    private static final class Running {
        private Process process;
        private boolean killRequested;

        void started(Process started) {
            boolean killNow;
            synchronized (this) {
                process = started;
                killNow = killRequested;
            }
            if (killNow) {
                ProcessTree.kill(started.toHandle());
            }
        }

        void kill() {
            Process target;
            synchronized (this) {
                killRequested = true;
                target = process;
            }
            if (target != null) {
                ProcessTree.kill(target.toHandle());
            }
        }

        synchronized boolean killed() {
            return killRequested;
        }
    }
}
