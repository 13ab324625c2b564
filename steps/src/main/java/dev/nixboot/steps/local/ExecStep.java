package dev.nixboot.steps.local;

import dev.nixboot.engine.spi.DurationText;
import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import java.io.IOException;
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

/** {@code exec}: runs a local process, streaming its output line by line. */
public final class ExecStep implements Step<ExecParameters, CommandOutputs> {
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
    public Class<CommandOutputs> outputs() {
        return CommandOutputs.class;
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
            new TreeMap<>(parameters.env())
                    .forEach((name, value) ->
                            env.append(' ').append(name).append('=').append(ShellQuote.quote(value)));
            actions.add(context.mask(env.toString()));
        }
        if (parameters.stdin() != null) {
            // The input may hold a secret no variable declared; its size says enough for a plan. An input that is
            // only an earlier step's output, not known before the run, is shown as the placeholder it is.
            String stdin = parameters.stdin();
            actions.add("stdin: "
                    + (PLACEHOLDER.matcher(stdin).matches()
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
    public CommandOutputs execute(ExecParameters parameters, StepContext context) throws StepFailure {
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
        Map<String, String> environment = new HashMap<>(context.environment());
        environment.putAll(parameters.env());
        // Without stdin the process gets an empty, closed input: it must not wait on the terminal nixboot runs in.
        LocalProcess process = new LocalProcess(command, directory, environment)
                .input(
                        parameters.stdin() == null
                                ? new byte[0]
                                : parameters.stdin().getBytes(StandardCharsets.UTF_8))
                .output(stdout, stderr)
                .timeout(timeout);
        if (context.isCancelled()) {
            throw new StepFailure("cancelled before the process started");
        }
        LocalProcess.Outcome outcome;
        try {
            outcome = process.run(context);
        } catch (IOException e) {
            String reason = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            throw new StepFailure("cannot start " + ShellQuote.quote(command.get(0)) + ": " + reason, e);
        } finally {
            stdout.close(); // passes on a last line that had no newline
            stderr.close();
        }
        switch (outcome.ending()) {
            case TIMED_OUT ->
                throw new StepFailure("timed out after " + DurationText.format(timeout)
                        + ": killed the process and every process it started");
            case CANCELLED -> throw new StepFailure("cancelled: killed the process and every process it started");
            case EXITED -> {}
        }
        if (stdout.truncated() || stderr.truncated()) {
            context.console()
                    .info("output longer than " + LineCapture.LIMIT / (1024 * 1024)
                            + " MiB: the step's outputs keep only the beginning");
        }
        int exitCode = outcome.exitCode();
        if (!parameters.okCodes().contains(exitCode)) {
            throw new StepFailure("exit code " + exitCode + " (expected " + expected(parameters.okCodes()) + ")");
        }
        return new CommandOutputs(stdout.text(), stderr.text(), exitCode);
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

    private static String expected(List<Integer> okCodes) {
        return okCodes.size() == 1 ? okCodes.get(0).toString() : "one of " + okCodes;
    }
}
