package dev.nixboot.steps.ssh;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real OpenSSH and rsync tools that tests compare against. */
public final class Commands {
    private Commands() {}

    /** The command's output (stdout and stderr together); fails the test on a non-zero exit. */
    public static String run(String... command) {
        return run(List.of(command));
    }

    public static String run(List<String> command) {
        Result result = exec(command);
        if (result.exitCode() != 0) {
            throw new AssertionError(
                    String.join(" ", command) + " exited " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    public record Result(int exitCode, String output) {}

    public static Result exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish");
            }
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
