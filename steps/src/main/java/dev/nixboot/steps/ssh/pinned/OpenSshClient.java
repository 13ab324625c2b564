package dev.nixboot.steps.ssh.pinned;

import dev.nixboot.engine.spi.DurationText;
import dev.nixboot.engine.spi.StepContext;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the OpenSSH client the way the pinned proxy will, with the run's environment (its HOME, so its
 * {@code ~/.ssh/config}, and its agent), every wait bounded.
 */
final class OpenSshClient {
    /** ssh -G reads config files and nothing else; it answers at once. */
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);
    /** How long output may trail behind the end of the process. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    /** A thread per stream: these reads block until the process ends, too long to hold a thread of a shared pool. */
    private static final Executor READERS = task -> {
        Thread thread = new Thread(task, "ssh.pinned-proxy reader");
        thread.setDaemon(true);
        thread.start();
    };

    private final Map<String, String> environment;

    OpenSshClient(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** {@code ssh} on the run's PATH, or null. */
    Path find() {
        for (String directory : environment.getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = directory.isEmpty() ? null : Path.of(directory, "ssh");
            if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return null;
    }

    /** Whether this ssh accepts KnownHostsCommand; one older than OpenSSH 8.5 refuses the option it does not know. */
    boolean knowsKnownHostsCommand(Path ssh) throws IOException {
        return run(
                                List.of(
                                        ssh.toString(),
                                        "-G",
                                        "-F",
                                        "none",
                                        "-o",
                                        "KnownHostsCommand=none",
                                        "nixboot.invalid"),
                                QUERY_TIMEOUT)
                        .exitCode()
                == 0;
    }

    /** What {@code ssh -G ...} prints, as setting name to value; throws with ssh's complaint when it refuses. */
    Map<String, String> settings(List<String> query) throws IOException {
        Result result = run(query, QUERY_TIMEOUT);
        if (result.exitCode() != 0) {
            throw new IOException(result.lastError());
        }
        Map<String, String> settings = new HashMap<>();
        for (String line : result.stdout().split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                settings.putIfAbsent(
                        line.substring(0, space), line.substring(space + 1).strip());
            }
        }
        return settings;
    }

    /**
     * Runs a ProxyCommand program as ssh would and reads the first line the far end sends, the SSH banner of the
     * target's own sshd; then hangs up. Throws with the program's last complaint when it ends without one.
     */
    String banner(Path program, Duration timeout, StepContext context) throws IOException, InterruptedException {
        Process process = start(List.of(program.toString()));
        AutoCloseable cancel = context.onCancel(process::destroyForcibly);
        try {
            CompletableFuture<String> stderr = readAll(process.getErrorStream());
            String banner = await(
                    CompletableFuture.supplyAsync(() -> firstLine(process.getInputStream()), READERS),
                    timeout,
                    "no answer within " + DurationText.format(timeout));
            if (banner != null && banner.startsWith("SSH-")) {
                return banner;
            }
            stop(process);
            throw new IOException(lastLines(await(stderr, READ_TIMEOUT, "no word from ssh")));
        } finally {
            stop(process);
            try {
                cancel.close();
            } catch (Exception ignored) {
                // Unregistering cannot fail in a way that matters once the process is gone.
            }
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
        String lastError() {
            return lastLines(stderr);
        }
    }

    private Result run(List<String> command, Duration timeout) throws IOException {
        Process process = start(command);
        try {
            CompletableFuture<String> stdout = readAll(process.getInputStream());
            CompletableFuture<String> stderr = readAll(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(command.get(0) + " did not answer within " + DurationText.format(timeout));
            }
            return new Result(
                    process.exitValue(),
                    await(stdout, READ_TIMEOUT, "no output from ssh"),
                    await(stderr, READ_TIMEOUT, "no output from ssh"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            stop(process);
        }
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout, String late)
            throws IOException, InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException(late, e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    private Process start(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }

    /**
     * Closing standard input ends an {@code ssh -W}; one still connecting is asked to stop (so it can end a ProxyJump
     * it started), then killed with whatever it started.
     */
    private static void stop(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // Already gone.
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static CompletableFuture<String> readAll(InputStream stream) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                READERS);
    }

    private static String firstLine(InputStream stream) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = stream.read(); b != -1 && b != '\n'; b = stream.read()) {
                line.write(b);
            }
        } catch (IOException e) {
            return null;
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8).strip();
    }

    /** ssh's last words, without the banner of '@' it draws around a changed key. */
    private static String lastLines(String stderr) {
        List<String> lines = stderr.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("@"))
                .toList();
        if (lines.isEmpty()) {
            return "it ended without a word";
        }
        return String.join(" ", lines.subList(Math.max(0, lines.size() - 2), lines.size()));
    }
}
