package dev.nixboot.steps.local;

import dev.nixboot.engine.spi.OutputDescriptor;
import dev.nixboot.engine.spi.Outputs;
import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.PumpStreamHandler;

/** {@code exec}: runs a local process, streaming its output line by line. */
public final class ExecStep implements Step<ExecParameters> {
    /** How a dry run shows an output not known before the run: {@code <steps.keyscan.outputs.key>}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("<steps\\.[A-Za-z0-9_]+\\.outputs\\.[A-Za-z0-9_]+>");

    @Override
    public String type() {
        return "exec";
    }

    @Override
    public String summary() {
        return "Run a local process (an argument list, or a script for sh -c) and capture its output.";
    }

    @Override
    public Class<ExecParameters> parameters() {
        return ExecParameters.class;
    }

    @Override
    public List<OutputDescriptor> outputs() {
        return List.of(
                OutputDescriptor.text("stdout", "standard output, without trailing newlines"),
                OutputDescriptor.text("stderr", "standard error, without trailing newlines"),
                OutputDescriptor.number("exit_code", "the exit code"));
    }

    @Override
    public String example() {
        return """
                - id: flake_check
                  type: exec
                  with:
                    argv: [nix, flake, check, "${{ flake }}"]
                    cwd: nixos-config
                    timeout: 10m
                """;
    }

    @Override
    public StepPlan plan(ExecParameters parameters, PlanContext context) {
        List<String> actions = new ArrayList<>();
        actions.add("run: " + context.mask(ShellQuote.join(parameters.commandLine())));
        if (parameters.cwd() != null) {
            actions.add("in: " + context.mask(directory(parameters, context).toString()));
        }
        if (!parameters.env().isEmpty()) {
            StringBuilder env = new StringBuilder("env:");
            new TreeMap<>(parameters.env()).forEach((name, value) ->
                    env.append(' ').append(name).append('=').append(ShellQuote.quote(value)));
            actions.add(context.mask(env.toString()));
        }
        if (parameters.stdin() != null) {
            // The input may hold a secret no variable declared; its size says enough for a plan. An input that is
            // only an earlier step's output, not known before the run, is shown as the placeholder it is.
            String stdin = parameters.stdin();
            actions.add("stdin: " + (PLACEHOLDER.matcher(stdin).matches()
                    ? stdin
                    : stdin.getBytes(StandardCharsets.UTF_8).length + " bytes"));
        }
        if (parameters.timeout() != null) {
            actions.add("timeout: " + DurationText.format(parameters.timeout())
                    + " (then the process and its children are killed)");
        }
        return new StepPlan(actions);
    }

    @Override
    public Outputs execute(ExecParameters parameters, StepContext context) throws StepFailure {
        if (!parameters.isArgvOrScript()) {
            throw new StepFailure("give exactly one of argv or script");
        }
        List<String> command = parameters.commandLine();
        refuseSecretArguments(parameters, command, context);
        Path directory = directory(parameters, context);
        if (!Files.isDirectory(directory)) {
            throw new StepFailure("cwd " + directory + " is not a directory");
        }
        Duration timeout = parameters.timeout();

        LineCapture stdout = new LineCapture(context.console()::stdout);
        LineCapture stderr = new LineCapture(context.console()::stderr);
        // Without stdin the process gets an empty, closed input: it must not wait on the terminal nixboot runs in.
        InputStream stdin = new ByteArrayInputStream(
                parameters.stdin() == null ? new byte[0] : parameters.stdin().getBytes(StandardCharsets.UTF_8));
        StartedProcess process = new StartedProcess();
        DefaultExecutor executor = DefaultExecutor.builder()
                .setExecuteStreamHandler(new PumpStreamHandler(stdout, stderr, stdin))
                .setWorkingDirectory(directory.toFile())
                .get();
        executor.setExitValues(null); // exit codes are judged against ok_codes below, not by Commons Exec
        executor.setProcessDestroyer(process);

        Map<String, String> environment = new HashMap<>(context.environment());
        environment.putAll(parameters.env());
        DefaultExecuteResultHandler result = new DefaultExecuteResultHandler();
        AutoCloseable cancelHook = context.onCancel(process::kill);
        try {
            if (context.isCancelled()) {
                throw new StepFailure("cancelled before the process started");
            }
            executor.execute(commandLine(command), environment, result);
            awaitEnd(result, timeout, process, context);
        } catch (IOException e) {
            throw new StepFailure("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        } finally {
            close(cancelHook);
            stdout.close(); // passes on a last line that had no newline
            stderr.close();
        }
        if (!process.started()) {
            Throwable cause = result.getException() == null ? null : result.getException().getCause();
            throw new StepFailure("cannot start " + ShellQuote.quote(command.get(0)) + ": "
                    + (cause == null ? result.getException() : cause.getMessage()), result.getException());
        }
        if (stdout.truncated() || stderr.truncated()) {
            context.console().info("output longer than " + LineCapture.LIMIT / (1024 * 1024)
                    + " MiB: the step's outputs keep only the beginning");
        }
        int exitCode = result.getExitValue();
        if (!parameters.okCodes().contains(exitCode)) {
            throw new StepFailure("exit code " + exitCode + " (expected " + expected(parameters.okCodes()) + ")");
        }
        return Outputs.of("stdout", stdout.text(), "stderr", stderr.text(), "exit_code", exitCode);
    }

    private static void awaitEnd(DefaultExecuteResultHandler result, Duration timeout, StartedProcess process,
            StepContext context) throws StepFailure {
        try {
            if (timeout == null) {
                result.waitFor();
            } else {
                result.waitFor(timeout);
                if (!result.hasResult()) {
                    process.kill();
                    result.waitFor();
                    throw new StepFailure("timed out after " + DurationText.format(timeout)
                            + ": killed the process and every process it started");
                }
            }
        } catch (InterruptedException e) {
            process.kill();
            awaitQuietly(result);
            Thread.currentThread().interrupt();
            throw new StepFailure("cancelled: killed the process and every process it started");
        }
        if (context.isCancelled()) {
            throw new StepFailure("cancelled: killed the process and every process it started");
        }
    }

    /** After a kill the pumps end quickly; waiting keeps the step from returning while its process lives on. */
    private static void awaitQuietly(DefaultExecuteResultHandler result) {
        try {
            result.waitFor(ProcessTree.GRACE.multipliedBy(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void refuseSecretArguments(ExecParameters parameters, List<String> command, StepContext context)
            throws StepFailure {
        if (parameters.script() != null && !context.mask(parameters.script()).equals(parameters.script())) {
            throw new StepFailure("the script contains a secret value, which would show in the process list;"
                    + " pass it via stdin or env instead and refer to it as \"$NAME\" in the script");
        }
        for (int i = 0; i < command.size(); i++) {
            if (!context.mask(command.get(i)).equals(command.get(i))) {
                throw new StepFailure("argv[" + i + "] contains a secret value, which would show in the process"
                        + " list; pass it via stdin or env instead");
            }
        }
    }

    private static Path directory(ExecParameters parameters, PlanContext context) {
        return parameters.cwd() == null
                ? context.workingDirectory()
                : context.workingDirectory().resolve(parameters.cwd()).normalize();
    }

    private static CommandLine commandLine(List<String> command) {
        CommandLine line = new CommandLine(command.get(0));
        // handleQuoting=false: each value goes to the process exactly as written, quotes and all.
        command.subList(1, command.size()).forEach(argument -> line.addArgument(argument, false));
        return line;
    }

    private static String expected(List<Integer> okCodes) {
        return okCodes.size() == 1 ? okCodes.get(0).toString() : "one of " + okCodes;
    }

    private static void close(AutoCloseable hook) {
        try {
            hook.close();
        } catch (Exception e) {
            throw new IllegalStateException("unregistering the cancel action", e);
        }
    }
}
