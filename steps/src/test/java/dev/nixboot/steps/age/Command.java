package dev.nixboot.steps.age;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real tool (ssh-keygen, age) for a test and returns its standard output; fails on a non-zero exit. */
final class Command {
    private Command() {}

    static String run(Path directory, String stdin, String... argv) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(argv)).directory(directory.toFile());
        builder.redirectError(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = read(process.getInputStream());
        String err = read(process.getErrorStream());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", argv) + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " exited " + process.exitValue() + ": " + err);
        }
        return out;
    }

    private static String read(InputStream stream) throws IOException {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }
}
