package dev.nixboot.engine.run;

import dev.nixboot.engine.api.StepStatus;
import dev.nixboot.engine.compile.CompiledStep;
import dev.nixboot.engine.plan.Failures;
import dev.nixboot.engine.plan.Selection;
import dev.nixboot.engine.spi.DurationText;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Walks the run's DAG: a step starts on one of {@link dev.nixboot.engine.api.RunOptions#parallelism()} workers as
 * soon as every step it needs has ended. A failure skips the failed step's dependents and lets independent branches
 * finish, or under {@code --fail-fast} stops the run; once the run is stopped nothing more starts, and steps that do
 * not end within the grace period are given up on.
 */
final class Scheduler {
    private final Run run;
    private final Outcomes outcomes;
    private final StepAttempts attempts;
    private final List<Node> nodes;
    private final ExecutorService workers;
    private final CountDownLatch remaining;

    Scheduler(Run run, Outcomes outcomes, StepAttempts attempts) {
        this.run = run;
        this.outcomes = outcomes;
        this.attempts = attempts;
        this.nodes = graph(run);
        this.workers =
                Executors.newFixedThreadPool(Math.max(1, run.options().parallelism()), Daemons.named("nixboot-step-"));
        this.remaining = new CountDownLatch(nodes.size());
    }

    private static List<Node> graph(Run run) {
        List<Node> nodes = new ArrayList<>(run.playbook().steps().size());
        Map<String, Node> byId = new HashMap<>();
        for (CompiledStep step : run.playbook().steps()) {
            Node node = new Node(step, run.selection().choice(step.id()));
            byId.put(step.id(), node);
            nodes.add(node);
        }
        for (Node node : nodes) {
            for (String need : node.step.needs()) {
                Node upstream = byId.get(need);
                if (upstream == null) {
                    throw new IllegalStateException("step '" + node.step.id() + "' needs unknown step '" + need
                            + "': the compiled playbook is inconsistent");
                }
                upstream.dependents.add(node);
            }
            node.waitingFor.set(node.step.needs().size());
        }
        return nodes;
    }

    /** Runs every step; returns when all have ended, or the run was stopped and its grace period ran out. */
    void run() {
        try {
            Deque<Node> ready = new ArrayDeque<>();
            for (Node node : nodes) {
                if (node.waitingFor.get() == 0) {
                    ready.add(node);
                }
            }
            dispatch(ready, false);
            awaitEnd();
        } finally {
            workers.shutdownNow();
        }
    }

    private void awaitEnd() {
        while (true) {
            try {
                if (remaining.await(100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                // The thread that called run() was interrupted: treat it like Ctrl-C, then keep waiting.
                run.stop().cancelByUser();
            }
            if (run.stop().graceOver()) {
                // Steps that ignore interrupts and cancel actions are given up on; their late results are dropped.
                Outcome abandoned = Outcome.cancelled(
                        "did not stop within " + DurationText.format(run.stop().grace()) + " of being cancelled");
                for (Node node : nodes) {
                    finish(
                            node,
                            node.began
                                    ? abandoned
                                    : Outcome.notStarted(run.stop().reason()),
                            new ArrayDeque<>());
                }
                return;
            }
        }
    }

    /**
     * Starts ready steps; steps that need not run end right here, which may make more steps ready. With
     * {@code keepOne} the first step that must execute is returned for the calling worker to run itself: a chain then
     * stays on one thread instead of paying a hand-over per step.
     */
    private Node dispatch(Deque<Node> ready, boolean keepOne) {
        Node kept = null;
        while (!ready.isEmpty()) {
            Node node = ready.pop();
            Outcome immediate = immediateOutcome(node);
            if (immediate != null) {
                finish(node, immediate, ready);
            } else if (keepOne && kept == null) {
                kept = node;
            } else {
                try {
                    workers.execute(() -> execute(node));
                } catch (RejectedExecutionException e) {
                    finish(node, Outcome.notStarted(run.stop().reason()), ready);
                }
            }
        }
        return kept;
    }

    /** How a step ends without a worker: left out by the selection, blocked by a dependency, or the run stopped. */
    private Outcome immediateOutcome(Node node) {
        Selection.Choice choice = node.choice;
        if (choice.decision() == Selection.Decision.NOT_SELECTED) {
            return new Outcome(StepStatus.NOT_SELECTED, choice.reason(), choice.savedOutputs(), Duration.ZERO);
        }
        if (choice.decision() == Selection.Decision.RESUMED) {
            return new Outcome(StepStatus.RESUMED, choice.reason(), choice.savedOutputs(), Duration.ZERO);
        }
        if (node.blockedBy != null) {
            return Outcome.of(StepStatus.SKIPPED_DEPENDENCY, node.blockedBy);
        }
        if (run.stop().stopped()) {
            return Outcome.notStarted(run.stop().reason());
        }
        return null;
    }

    /** On a worker: runs the step, then the steps it made ready, keeping one of them for itself each time. */
    private void execute(Node first) {
        Deque<Node> ready = new ArrayDeque<>();
        for (Node node = first; node != null; node = dispatch(ready, true)) {
            long start = System.nanoTime();
            Outcome outcome;
            try {
                outcome = start(node);
            } catch (RuntimeException | Error e) {
                outcome = Outcome.failed(run.mask().mask(Failures.bug(node.step, e)));
            }
            finish(node, outcome.took(Duration.ofNanos(System.nanoTime() - start)), ready);
        }
    }

    private Outcome start(Node node) {
        if (run.stop().stopped()) {
            return Outcome.notStarted(run.stop().reason());
        }
        node.began = true;
        return attempts.run(node.step);
    }

    /** Ends a step once (a late result of an abandoned step is dropped) and collects dependents now ready. */
    private void finish(Node node, Outcome outcome, Deque<Node> ready) {
        if (!node.finished.compareAndSet(false, true)) {
            return;
        }
        CompiledStep step = node.step;
        step.lock().ifPresent(name -> run.locks().stepEnded(step.id()));
        outcomes.record(step, outcome);
        if (outcome.status() == StepStatus.FAILED
                && !step.continueOnError()
                && run.options().failFast()) {
            run.stop().stop("--fail-fast: step '" + step.id() + "' failed");
        }
        String blocks =
                switch (outcome.status()) {
                    case FAILED -> step.continueOnError() ? null : "'" + step.id() + "' failed";
                    case CANCELLED -> "'" + step.id() + "' was cancelled";
                    case SKIPPED_DEPENDENCY -> outcome.error();
                    default -> null;
                };
        for (Node dependent : node.dependents) {
            if (blocks != null && dependent.blockedBy == null) {
                dependent.blockedBy = blocks;
            }
            if (dependent.waitingFor.decrementAndGet() == 0) {
                ready.add(dependent);
            }
        }
        remaining.countDown();
    }

    /** A step in the run: what it waits for, who waits for it. */
    private static final class Node {
        private final CompiledStep step;
        private final Selection.Choice choice;
        private final List<Node> dependents = new ArrayList<>(1);
        private final AtomicInteger waitingFor = new AtomicInteger();
        private final AtomicBoolean finished = new AtomicBoolean();
        /** Why it cannot run: the first of the steps it needs that failed, was cancelled or was skipped so. */
        private volatile String blockedBy;
        /** Whether a worker took the step up: a step given up on before that is reported as not started. */
        private volatile boolean began;

        private Node(CompiledStep step, Selection.Choice choice) {
            this.step = step;
            this.choice = choice;
        }
    }
}
