package dev.nixboot.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** Builds the command line with its error handling; {@link Main} and tests both go through here. */
final class Nixboot {
    private Nixboot() {}

    /** Runs one command line and returns its exit code; prints only to the writers given. */
    static int execute(Invocation invocation, PrintWriter out, PrintWriter err, String... args) {
        int code = commandLine(invocation, out, err).execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine commandLine(Invocation invocation, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new NixbootCommand(invocation));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(usageError());
        commandLine.setExecutionExceptionHandler(executionError());
        return commandLine;
    }

    /** One line: what was wrong and where to look, instead of picocli's full usage text. */
    private static IParameterExceptionHandler usageError() {
        return (exception, args) -> {
            CommandLine command = exception.getCommandLine();
            String hint = "";
            if (exception instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
                hint = " (did you mean " + unmatched.getSuggestions().get(0) + "?)";
            }
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + firstLine(exception.getMessage())
                    + hint + "; see '" + command.getCommandSpec().qualifiedName() + " --help'");
            command.getErr().flush();
            return ExitCode.USAGE;
        };
    }

    private static IExecutionExceptionHandler executionError() {
        return (exception, command, parseResult) -> {
            PrintWriter err = command.getErr();
            if (exception instanceof UsageException) {
                err.println(command.getCommandSpec().qualifiedName() + ": " + exception.getMessage());
                err.flush();
                return ExitCode.USAGE;
            }
            err.println("nixboot: internal error: " + exception);
            if (debug(parseResult)) {
                exception.printStackTrace(err);
            } else {
                err.println("nixboot: run again with --debug to see where it happened");
            }
            err.flush();
            return ExitCode.STEP_FAILED;
        };
    }

    private static boolean debug(ParseResult parseResult) {
        for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        List<String> lines = message.lines().toList();
        return lines.isEmpty() ? "" : lines.get(0);
    }
}
