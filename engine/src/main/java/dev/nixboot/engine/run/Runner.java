package dev.nixboot.engine.run;

import dev.nixboot.engine.api.LocalHost;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.Problem;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunOptions;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.compile.CompiledPlaybook;
import dev.nixboot.engine.plan.Preparation;
import dev.nixboot.engine.state.RunLock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a compiled playbook: works out the selection and the saved state ({@link Preparation}), takes the run lock,
 * opens the {@link Run}, lets the {@link Scheduler} walk the DAG through {@link StepAttempts}, and returns the
 * summary {@link Outcomes} kept. {@link #cancel()} stops running steps, kills what they started through their cancel
 * actions, saves state and ends the run with 130.
 *
 * <p>One runner runs once.
 */
public final class Runner {
    /** How long stopped steps get to end before the run stops waiting for them. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final LocalHost host;
    private final CompiledPlaybook playbook;
    private final RunOptions options;
    private final RunListener listener;
    private final RunStop stop;
    private final AtomicBoolean started = new AtomicBoolean();

    public Runner(LocalHost host, CompiledPlaybook playbook, RunOptions options, RunListener listener) {
        this(host, playbook, options, listener, STOP_GRACE);
    }

    /** With another grace period, so a test need not wait ten seconds for a step that ignores being cancelled. */
    Runner(LocalHost host, CompiledPlaybook playbook, RunOptions options, RunListener listener, Duration stopGrace) {
        this.host = host;
        this.playbook = playbook;
        this.options = options;
        this.listener = new GuardedListener(listener);
        this.stop = new RunStop(stopGrace);
    }

    /** Runs every selected step and returns when all have ended, or the run was cancelled. */
    public RunSummary run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a Runner runs once; make a new one");
        }
        long start = System.nanoTime();
        Preparation preparation;
        try {
            preparation = Preparation.of(playbook, options, host);
        } catch (PlaybookException e) {
            for (Problem problem : e.problems()) {
                listener.notice((problem.path().isEmpty() ? "" : problem.path() + ": ") + problem.message());
            }
            return refused(start);
        }
        RunLock lock;
        try {
            lock = RunLock.acquire(preparation.store());
        } catch (RunLock.HeldException e) {
            listener.notice(e.getMessage());
            return refused(start);
        } catch (IOException e) {
            lock = null;
            listener.notice(preparation
                    .mask()
                    .mask("cannot lock " + preparation.store().file() + ".lock (" + e.getMessage()
                            + "): a second run of this playbook here would not be refused"));
        }
        try {
            return run(preparation, start);
        } finally {
            if (lock != null) {
                try {
                    lock.close();
                } catch (IOException e) {
                    // The kernel releases it when the process ends in any case.
                }
            }
        }
    }

    private RunSummary run(Preparation preparation, long start) {
        preparation
                .selection()
                .notes()
                .forEach(note -> listener.notice(preparation.mask().mask(note)));
        Run run = Run.open(playbook, options, listener, preparation, stop);
        Outcomes outcomes = new Outcomes(run);
        try (run;
                StepAttempts attempts = new StepAttempts(run, outcomes)) {
            Scheduler scheduler = new Scheduler(run, outcomes, attempts);
            outcomes.lendSavedOutputs();
            listener.runStarted(playbook.name(), playbook.steps().size());
            scheduler.run();
        }
        RunSummary summary = outcomes.summary(elapsed(start));
        listener.runFinished(summary);
        return summary;
    }

    /**
     * Ctrl-C: stops running steps (interrupt and cancel actions), starts nothing more; {@link #run()} then saves the
     * state and returns exit code 130. Safe to call from any thread, at any time.
     */
    public void cancel() {
        stop.cancelByUser();
    }

    /** Nothing ran: the selection or the run lock refused the run (exit code 2). */
    private RunSummary refused(long start) {
        RunSummary summary = new RunSummary(List.of(), elapsed(start), 2);
        listener.runFinished(summary);
        return summary;
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
