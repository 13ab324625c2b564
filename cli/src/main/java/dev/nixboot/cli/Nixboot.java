package dev.nixboot.cli;

import dev.nixboot.cli.command.CompletionCommand;
import dev.nixboot.cli.command.GraphCommand;
import dev.nixboot.cli.command.ManCommand;
import dev.nixboot.cli.command.NixbootCommand;
import dev.nixboot.cli.command.RunCommand;
import dev.nixboot.cli.command.SchemaCommand;
import dev.nixboot.cli.command.StepsCommand;
import dev.nixboot.cli.command.UsageException;
import dev.nixboot.cli.command.ValidateCommand;
import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.cli.invocation.Invocation;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
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
        int code = commandLine(invocation, out, err, args).execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The subcommands, in the order help lists them. picocli reads each one's annotations when it is added, a few
     * milliseconds apiece on a cold JVM, so a command line that names one gets only that one; the rest are added
     * when help, completion, the manual or a did-you-mean needs the whole tree.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> subcommands = new LinkedHashMap<>();
        subcommands.put("run", RunCommand::new);
        subcommands.put("validate", ValidateCommand::new);
        subcommands.put("graph", GraphCommand::new);
        subcommands.put("steps", StepsCommand::new);
        subcommands.put("schema", SchemaCommand::new);
        subcommands.put("completion", CompletionCommand::new);
        subcommands.put("man", ManCommand::new);
        return subcommands;
    }

    private static final Set<String> VERSION = Set.of("-V", "--version");

    /** The commands that describe the whole tree, and so need all of it. */
    private static final Set<String> WHOLE_TREE = Set.of("completion", "man");

    static CommandLine commandLine(Invocation invocation, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new NixbootCommand(invocation));
        String first = args.length > 0 ? args[0] : "";
        // The version alone needs no subcommand; one named gets itself; anything else may need all of them.
        if (!VERSION.contains(first) || args.length > 1) {
            String named = SUBCOMMANDS.containsKey(first) && !WHOLE_TREE.contains(first) ? first : null;
            SUBCOMMANDS.forEach((name, subcommand) -> {
                if (named == null || named.equals(name)) {
                    commandLine.addSubcommand(name, subcommand.get());
                }
            });
        }
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
            if (exception instanceof UnmatchedArgumentException unmatched
                    && !unmatched.getSuggestions().isEmpty()) {
                hint = " (did you mean " + unmatched.getSuggestions().get(0) + "?)";
            }
            command.getErr()
                    .println(command.getCommandSpec().qualifiedName() + ": " + firstLine(exception.getMessage()) + hint
                            + "; see '" + command.getCommandSpec().qualifiedName() + " --help'");
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
