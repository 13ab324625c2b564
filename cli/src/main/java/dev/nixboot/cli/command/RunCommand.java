package dev.nixboot.cli.command;

import dev.nixboot.cli.display.PlanDisplay;
import dev.nixboot.cli.display.ProblemDisplay;
import dev.nixboot.cli.display.RunOutput;
import dev.nixboot.cli.events.JsonEvents;
import dev.nixboot.cli.hosts.HostsRun;
import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.cli.invocation.Invocation;
import dev.nixboot.cli.invocation.TerminalInteraction;
import dev.nixboot.engine.PlaybookEngine;
import dev.nixboot.engine.api.NamedLocks;
import dev.nixboot.engine.api.PlannedStep;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunOptions;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.Spelling;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.compile.CompiledPlaybook;
import dev.nixboot.engine.inventory.Inventory;
import dev.nixboot.engine.spi.Interaction;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nixboot run}: compile, then either print the plan (dry run) or run with live progress. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run a playbook, or with --dry-run show exactly what it would do.",
        footer = {
            "",
            "Exit codes: 0 ok, 1 a step failed, 2 bad usage, invalid playbook or another run of it going on"
                    + " here, 130 interrupted (Ctrl-C, SIGTERM; --resume continues)."
        })
public final class RunCommand implements Callable<Integer> {
    /** Most steps wait on the network or another process, so more than the 2 cores of a small machine pays off. */
    static final int DEFAULT_PARALLELISM = 4;
    /** Hosts at once: each runs its own steps in parallel too, and questions still come one at a time. */
    static final int DEFAULT_PARALLEL_HOSTS = 4;

    @ParentCommand
    NixbootCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    PlaybookArguments playbook;

    @Mixin
    InventoryOptions inventory;

    @Option(
            names = "--parallel-hosts",
            paramLabel = "N",
            description = "With --inventory: run up to N hosts at once"
                    + " (default: ${DEFAULT-VALUE}), each with its own --parallel.")
    int parallelHosts = DEFAULT_PARALLEL_HOSTS;

    @Option(
            names = "--dry-run",
            description = "Print the plan: steps in order, resolved parameters and the exact"
                    + " command lines. Starts no process, writes no file, touches no network.")
    boolean dryRun;

    @Option(
            names = {"-y", "--yes"},
            description = "Answer yes to every question (confirm steps, confirm: fields).")
    boolean yes;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            description = "Run up to N steps at once (default: ${DEFAULT-VALUE}).")
    int parallel = DEFAULT_PARALLELISM;

    @Option(
            names = "--fail-fast",
            description = "Stop everything at the first failure instead of letting"
                    + " independent branches (and, with --inventory, other hosts) finish.")
    boolean failFast;

    @Option(names = "--resume", description = "Skip the steps the last run of this playbook completed.")
    boolean resume;

    @Option(names = "--from", paramLabel = "ID", description = "Start at this step; the steps it needs count as done.")
    String from;

    @Option(names = "--only", paramLabel = "ID", split = ",", description = "Run only these steps.")
    Set<String> only = new LinkedHashSet<>();

    @Option(names = "--skip", paramLabel = "ID", split = ",", description = "Leave these steps out.")
    Set<String> skip = new LinkedHashSet<>();

    @Option(names = "--tags", paramLabel = "TAG", split = ",", description = "Run only steps with one of these tags.")
    Set<String> tags = new LinkedHashSet<>();

    @Option(
            names = "--output",
            paramLabel = "FORMAT",
            converter = RunOutput.Converter.class,
            completionCandidates = RunOutput.Names.class,
            description = "human (the default) or json: JSON Lines"
                    + " events on stdout for CI and wrappers (schemas/events.schema.json), the display on stderr;"
                    + " with --dry-run, one planned_step line per step.")
    RunOutput.Format output = RunOutput.Format.HUMAN;

    @Override
    public Integer call() {
        Invocation invocation = root.invocation();
        if (parallel < 1) {
            throw new UsageException("--parallel must be at least 1, got " + parallel);
        }
        if (parallelHosts < 1) {
            throw new UsageException("--parallel-hosts must be at least 1, got " + parallelHosts);
        }
        Path file = playbook.file(invocation);
        VariableInputs inputs = playbook.inputs(invocation);
        PlaybookEngine engine = playbook.engine(invocation);
        PrintWriter err = spec.commandLine().getErr();
        try {
            Optional<Inventory> hosts = inventory.read(invocation, err);
            if (hosts.isPresent()) {
                return runHosts(engine, file, inventory.compile(hosts.get(), engine, file, inputs, invocation, err));
            }
        } catch (InventoryOptions.InvalidInput e) {
            return ExitCode.USAGE;
        }
        CompiledPlaybook compiled;
        try {
            compiled = engine.compile(file, inputs);
        } catch (PlaybookException e) {
            new ProblemDisplay(spec.commandLine().getErr(), invocation).print(file, e.problems());
            return ExitCode.USAGE;
        }
        checkSelection(compiled);
        RunOptions options =
                options(new TerminalInteraction(yes, invocation.terminal().get()));
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            try {
                List<PlannedStep> plan = engine.plan(compiled, options);
                if (output == RunOutput.Format.JSON) {
                    new JsonEvents(out, Clock.systemUTC()).plan(plan);
                } else {
                    new PlanDisplay(out).print(compiled, invocation.display(file), plan);
                }
                return ExitCode.OK;
            } catch (PlaybookException e) {
                new ProblemDisplay(spec.commandLine().getErr(), invocation).print(file, e.problems());
                return ExitCode.USAGE;
            }
        }
        invocation.cancellation().started(engine);
        try {
            RunSummary summary = engine.run(compiled, options, listener(out));
            return summary.exitCode();
        } finally {
            out.flush();
            invocation.cancellation().finished();
        }
    }

    /** The command line's run options; {@code interaction} asks the questions. */
    private RunOptions options(Interaction interaction) {
        Invocation invocation = root.invocation();
        return new RunOptions(
                parallel,
                failFast,
                resume,
                from,
                only,
                skip,
                tags,
                invocation.workingDirectory().resolve(".nixboot"),
                invocation.workingDirectory(),
                interaction);
    }

    /** {@code --inventory}: the dry run or the run of every selected host. */
    private int runHosts(PlaybookEngine engine, Path file, Map<String, CompiledPlaybook> compiled) {
        Invocation invocation = root.invocation();
        PrintWriter out = spec.commandLine().getOut();
        compiled.values().stream().findFirst().ifPresent(this::checkSelection);
        Interaction questions =
                new TerminalInteraction(yes, invocation.terminal().get());
        RunOptions command = options(questions);
        NamedLocks locks = new NamedLocks();
        HostsRun hosts = new HostsRun(
                engine, parallelHosts, failFast, host -> HostsRun.hostOptions(command, host, locks, questions));
        if (dryRun) {
            try {
                hosts.plan(compiled, output, out, (hostPlaybook, plan) -> new PlanDisplay(out)
                        .print(hostPlaybook, invocation.display(file), plan));
                out.flush();
                return ExitCode.OK;
            } catch (PlaybookException e) {
                new ProblemDisplay(spec.commandLine().getErr(), invocation).print(file, e.problems());
                return ExitCode.USAGE;
            }
        }
        RunListener display =
                RunOutput.sharedDisplay(output, out, spec.commandLine().getErr(), invocation);
        invocation.cancellation().started(engine);
        try {
            return hosts.run(compiled, display, host -> HostsRun.listener(output, host, display, out));
        } finally {
            out.flush();
            invocation.cancellation().finished();
        }
    }

    /** The display of events; a machine-readable one can take its place here. */
    RunListener listener(PrintWriter out) {
        return RunOutput.listener(output, out, spec.commandLine().getErr(), root.invocation());
    }

    /** A mistyped step id or tag would otherwise select nothing and look like success. */
    private void checkSelection(CompiledPlaybook compiled) {
        List<String> ids = compiled.stepIds();
        if (from != null) {
            requireStep("--from", from, ids);
        }
        only.forEach(id -> requireStep("--only", id, ids));
        skip.forEach(id -> requireStep("--skip", id, ids));
        Set<String> known = new HashSet<>();
        compiled.steps().forEach(step -> known.addAll(step.tags()));
        for (String tag : tags) {
            if (!known.contains(tag)) {
                throw new UsageException("--tags " + tag + ": no step has this tag" + Spelling.hint(tag, known));
            }
        }
    }

    private static void requireStep(String option, String id, List<String> ids) {
        if (!ids.contains(id)) {
            throw new UsageException(option + " " + id + ": no such step" + Spelling.hint(id, ids));
        }
    }
}
