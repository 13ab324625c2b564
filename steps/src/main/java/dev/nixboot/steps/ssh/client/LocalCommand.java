package dev.nixboot.steps.ssh.client;

import dev.nixboot.engine.spi.StepFailure;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A short local command whose output is wanted ({@code ssh -G}), with a bound on how long it may take: a
 * {@code Match exec} in a config runs whatever the user wrote. Stopped at once when the step's thread is interrupted.
 */
final class LocalCommand {
    /** The output is a few kilobytes; more means something is wrong, and no more is kept. */
    private static final int MAX_OUTPUT = 1 << 20;

    record Result(int exitCode, String stdout, String stderr) {}

    private LocalCommand() {}

    static Result run(List<String> command, Map<String, String> environment, Duration timeout) throws StepFailure {
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new StepFailure("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StepFailure(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                        + " s (a Match exec that hangs?)");
            }
            return new Result(
                    process.exitValue(),
                    stdout.get(timeout.toMillis(), TimeUnit.MILLISECONDS),
                    stderr.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure("cancelled while running " + command.get(0));
        } catch (ExecutionException | TimeoutException e) {
            throw new StepFailure("cannot read the output of " + String.join(" ", command) + ": " + e.getMessage(), e);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try (stream) {
                        ByteArrayOutputStream kept = new ByteArrayOutputStream();
                        byte[] buffer = new byte[8192];
                        for (int n; (n = stream.read(buffer)) >= 0; ) {
                            kept.write(buffer, 0, Math.min(n, Math.max(0, MAX_OUTPUT - kept.size())));
                        }
                        text.complete(kept.toString(StandardCharsets.UTF_8));
                    } catch (IOException | UncheckedIOException e) {
                        text.completeExceptionally(e);
                    }
                },
                "nixboot-ssh-config-output");
        thread.setDaemon(true);
        thread.start();
        return text;
    }
}
