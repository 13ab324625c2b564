package dev.nixboot.cli.hosts;

import dev.nixboot.cli.display.RunOutput;
import dev.nixboot.cli.events.JsonEvents;
import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.engine.PlaybookEngine;
import dev.nixboot.engine.api.NamedLocks;
import dev.nixboot.engine.api.PlannedStep;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunOptions;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.compile.CompiledPlaybook;
import dev.nixboot.engine.spi.Interaction;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One playbook over an inventory's hosts: a run per host, up to {@code parallelHosts} at once (each with its own
 * parallelism inside), sharing the locks steps name and the one terminal questions are asked on. A host that fails
 * does not stop the others unless fail-fast; the exit code is 1 when any host failed, 130 when interrupted.
 */
public final class HostsRun {
    /** Each host's own options, from the command line's: its state directory, its name in lock messages. */
    private final Function<String, RunOptions> optionsFor;

    private final PlaybookEngine engine;
    private final int parallelHosts;
    private final boolean failFast;

    public HostsRun(
            PlaybookEngine engine, int parallelHosts, boolean failFast, Function<String, RunOptions> optionsFor) {
        this.engine = engine;
        this.parallelHosts = parallelHosts;
        this.failFast = failFast;
        this.optionsFor = optionsFor;
    }

    /** Where one host's run keeps its state: its own directory, so hosts never overwrite each other's. */
    static Path stateDirectory(Path stateRoot, String host) {
        return stateRoot.resolve("hosts").resolve(host);
    }

    /** The options of {@code host}'s run: the command's, with the host's state, locks and questions. */
    public static RunOptions hostOptions(RunOptions command, String host, NamedLocks locks, Interaction shared) {
        return new RunOptions(
                command.parallelism(),
                command.failFast(),
                command.resume(),
                command.from(),
                command.only(),
                command.skip(),
                command.tags(),
                stateDirectory(command.stateDirectory(), host),
                command.workingDirectory(),
                new HostInteraction(host, shared),
                locks,
                host);
    }

    /** The dry run of every host, one after the other. */
    public void plan(Map<String, CompiledPlaybook> hosts, RunOutput.Format format, PrintWriter out, PlanPrinter human)
            throws PlaybookException {
        for (Map.Entry<String, CompiledPlaybook> host : hosts.entrySet()) {
            List<PlannedStep> plan = engine.plan(host.getValue(), optionsFor.apply(host.getKey()));
            if (format == RunOutput.Format.JSON) {
                new JsonEvents(out, Clock.systemUTC(), host.getKey()).plan(plan);
            } else {
                out.println("== host " + host.getKey() + " ==");
                human.print(host.getValue(), plan);
            }
        }
    }

    /** Prints one host's plan for people. */
    public interface PlanPrinter {
        void print(CompiledPlaybook playbook, List<PlannedStep> plan);
    }

    /** One host's listener: its events (with a host field, for JSON) and its lines in the shared display. */
    public static RunListener listener(
            RunOutput.Format format, String host, RunListener sharedDisplay, PrintWriter out) {
        RunListener display = new HostListener(host, sharedDisplay);
        return format == RunOutput.Format.JSON
                ? RunOutput.both(new JsonEvents(out, Clock.systemUTC(), host), display)
                : display;
    }

    /** Runs every host; returns the exit code of the whole. */
    public int run(
            Map<String, CompiledPlaybook> hosts, RunListener display, Function<String, RunListener> listenerFor) {
        long start = System.nanoTime();
        Map<String, RunSummary> summaries = new LinkedHashMap<>();
        hosts.keySet().forEach(host -> summaries.put(host, null));
        AtomicBoolean stopped = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelHosts, hosts.size()), daemons());
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (Map.Entry<String, CompiledPlaybook> host : hosts.entrySet()) {
                runs.add(pool.submit(() -> {
                    if (stopped.get()) {
                        return;
                    }
                    RunSummary summary = engine.run(
                            host.getValue(), optionsFor.apply(host.getKey()), listenerFor.apply(host.getKey()));
                    synchronized (summaries) {
                        summaries.put(host.getKey(), summary);
                    }
                    if (summary.exitCode() != ExitCode.OK
                            && (failFast || summary.exitCode() == ExitCode.INTERRUPTED)
                            && stopped.compareAndSet(false, true)) {
                        // --fail-fast, or Ctrl-C: no host starts any more, and running ones stop.
                        engine.cancel();
                    }
                }));
            }
            for (Future<?> run : runs) {
                try {
                    run.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a host's run failed unexpectedly", e.getCause());
                } catch (InterruptedException e) {
                    engine.cancel();
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return summarize(summaries, display, Duration.ofNanos(System.nanoTime() - start));
    }

    /** One line per host, then the table of every host's steps; the exit code of the whole. */
    private int summarize(Map<String, RunSummary> summaries, RunListener display, Duration took) {
        List<RunSummary.StepResult> steps = new ArrayList<>();
        boolean failed = false;
        boolean interrupted = false;
        for (Map.Entry<String, RunSummary> host : summaries.entrySet()) {
            RunSummary summary = host.getValue();
            if (summary == null) {
                display.notice(host.getKey() + ": not started (an earlier host failed and --fail-fast stops the rest)");
                failed = true;
                continue;
            }
            display.notice(host.getKey() + ": "
                    + switch (summary.exitCode()) {
                        case ExitCode.OK -> "succeeded";
                        case ExitCode.INTERRUPTED -> "interrupted";
                        default -> "FAILED";
                    });
            failed |= summary.exitCode() != ExitCode.OK && summary.exitCode() != ExitCode.INTERRUPTED;
            interrupted |= summary.exitCode() == ExitCode.INTERRUPTED;
            for (RunSummary.StepResult step : summary.steps()) {
                steps.add(new RunSummary.StepResult(
                        HostListener.qualified(host.getKey(), step.id()),
                        step.type(),
                        step.status(),
                        step.duration(),
                        step.error()));
            }
        }
        // A host cancelled by --fail-fast counts as the failure that caused it, not as Ctrl-C.
        int code = failed ? ExitCode.STEP_FAILED : interrupted ? ExitCode.INTERRUPTED : ExitCode.OK;
        display.runFinished(new RunSummary(steps, took, code));
        return code;
    }

    private static ThreadFactory daemons() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "nixboot-host-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
