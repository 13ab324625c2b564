package dev.nixboot.cli.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The {@code nixboot} command in a process of its own, from the test class path, for what only a real process has:
 * signals, pipes and {@code /dev/stdin}, file locks that die with the process, a terminal. Output (stdout and stderr
 * together) goes to a file, so a test can wait for a line while the process runs.
 */
public final class NixbootProcess implements AutoCloseable {
    private final Process process;
    private final Path output;

    private NixbootProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** {@code java ... dev.nixboot.cli.Main ARGS}, as a command line. */
    public static List<String> command(String... arguments) {
        return command(List.of(), arguments);
    }

    /** The same with options for the JVM, such as {@code -Xmx64m}. */
    public static List<String> command(List<String> jvmOptions, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // C1 and the serial collector, as the launcher runs it: short runs on a shared machine.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.nixboot.cli.Main");
        command.addAll(List.of(arguments));
        return command;
    }

    /** The same, quoted for {@code sh -c}, for tests that need the shell's redirections. */
    public static String shellCommand(String... arguments) {
        return shellCommand(List.of(), arguments);
    }

    public static String shellCommand(List<String> jvmOptions, String... arguments) {
        return command(jvmOptions, arguments).stream()
                .map(NixbootProcess::quote)
                .collect(Collectors.joining(" "));
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Starts the command line (nixboot itself, or a shell around it) in the directory, with no input. */
    public static NixbootProcess start(Path directory, List<String> commandLine) throws IOException {
        return start(directory, commandLine, ProcessBuilder.Redirect.from(new File("/dev/null")));
    }

    /**
     * The same with its standard input open until {@link #close}, such as a keyboard: script(1) ends the terminal it
     * makes when its input ends, and a question would read that as no answer.
     */
    public static NixbootProcess startWithKeyboard(Path directory, List<String> commandLine) throws IOException {
        return start(directory, commandLine, ProcessBuilder.Redirect.PIPE);
    }

    private static NixbootProcess start(Path directory, List<String> commandLine, ProcessBuilder.Redirect input)
            throws IOException {
        Path output = Files.createTempFile(directory, "nixboot-", ".out");
        Process process = new ProcessBuilder(commandLine)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(input)
                .start();
        return new NixbootProcess(process, output);
    }

    public Process process() {
        return process;
    }

    public String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** Waits until the output satisfies the condition; false when the process ended first or time ran out. */
    public boolean awaitOutput(Predicate<String> condition, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (condition.test(output())) {
                return true;
            }
            if (!process.isAlive()) {
                return condition.test(output());
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Sends a signal (INT, TERM, KILL) with the shell's own kill: /bin/kill comes with procps, which may be absent. */
    public void signal(String name) throws IOException, InterruptedException {
        signal(name, process.pid());
    }

    public static void signal(String name, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("sh", "-c", "kill -" + name + " \"$0\"", Long.toString(pid))
                .redirectErrorStream(true)
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid + " failed");
        }
    }

    /** Waits for the end; returns the exit code. Fails when it takes longer than the limit. */
    public int await(Duration limit) throws IOException, InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("nixboot did not end within " + limit + "; output:\n" + output());
        }
        return process.exitValue();
    }

    /** Ends what a failed test left running. */
    @Override
    public void close() throws IOException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        Files.deleteIfExists(output);
    }
}
