package dev.nixboot.engine.run;

import dev.nixboot.engine.api.LocalHost;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.Problem;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunOptions;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import dev.nixboot.engine.model.CompiledPlaybookModel;
import dev.nixboot.engine.model.CompiledStep;
import dev.nixboot.engine.model.RunScope;
import dev.nixboot.engine.plan.Failures;
import dev.nixboot.engine.plan.Preparation;
import dev.nixboot.engine.plan.Selection;
import dev.nixboot.engine.secrets.SecretMask;
import dev.nixboot.engine.spi.Interaction;
import dev.nixboot.engine.spi.OutputDescriptor;
import dev.nixboot.engine.spi.Outputs;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.state.RunDirectory;
import dev.nixboot.engine.state.RunLock;
import dev.nixboot.engine.state.StateRecorder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs a compiled playbook as a DAG: a step starts on one of {@link RunOptions#parallelism()} workers as soon as
 * every step it needs has ended, so independent branches run side by side. A failure skips the failed step's
 * dependents and lets independent branches finish (or, under fail-fast, stops everything); {@link #cancel()} stops
 * running steps, kills what they started through their cancel actions, saves state and ends the run with 130.
 *
 * <p>One runner runs once.
 */
public final class Runner {
    /** How long stopped steps get to end before the run stops waiting for them. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private static final Pattern STEP_REFERENCE = Pattern.compile("steps\\.([A-Za-z0-9_-]+)\\.");

    private final Duration stopGrace;
    private final Map<String, Node> byId = new HashMap<>();
    private final LocalHost host;
    private final CompiledPlaybookModel playbook;
    private final RunOptions options;
    private final RunListener listener;

    private final AtomicReference<String> stopReason = new AtomicReference<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile boolean interrupted;
    private volatile long stopDeadline;
    private final Map<Node, RunStepContext> running = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> outputs = new ConcurrentHashMap<>();
    private final RunLocks locks;
    private final AtomicBoolean started = new AtomicBoolean();

    private SecretMask mask;
    private Selection selection;
    private StateRecorder state;
    private RunEnvironment environment;
    private RunScope scope;
    private ExecutorService workers;
    private ScheduledExecutorService timers;
    private CountDownLatch remaining;
    private volatile SerialInteraction interaction;

    public Runner(LocalHost host, CompiledPlaybookModel playbook, RunOptions options, RunListener listener) {
        this(host, playbook, options, listener, STOP_GRACE);
    }

    /** With another grace period, so a test need not wait ten seconds for a step that ignores being cancelled. */
    Runner(LocalHost host, CompiledPlaybookModel playbook, RunOptions options, RunListener listener, Duration stopGrace) {
        this.host = host;
        this.playbook = playbook;
        this.options = options;
        this.listener = new GuardedListener(listener);
        this.stopGrace = stopGrace;
        this.locks = new RunLocks(options.locks(), options.runName() == null ? playbook.name() : options.runName());
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
            RunSummary summary = new RunSummary(List.of(), elapsed(start), 2);
            listener.runFinished(summary);
            return summary;
        }
        mask = preparation.mask();
        RunLock lock;
        try {
            lock = RunLock.acquire(preparation.store());
        } catch (RunLock.HeldException e) {
            listener.notice(e.getMessage());
            RunSummary summary = new RunSummary(List.of(), elapsed(start), 2);
            listener.runFinished(summary);
            return summary;
        } catch (IOException e) {
            lock = null;
            listener.notice(mask.mask("cannot lock " + preparation.store().file() + ".lock (" + e.getMessage()
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
        selection = preparation.selection();
        selection.notes().forEach(note -> listener.notice(mask.mask(note)));

        List<Node> nodes = graph();
        RunDirectory runDirectory = new RunDirectory();
        SharedResources shared = new SharedResources(message -> listener.notice(mask.mask(message)));
        interaction = new SerialInteraction(
                options.interaction() == null ? new NoInteraction() : options.interaction());
        Map<String, String> variables = host.environment();
        environment = new RunEnvironment(preparation.playbookDirectory(), preparation.workingDirectory(),
                runDirectory, variables, host.homeIn(variables), mask, listener, interaction, shared);
        scope = new RunScope(playbook.variableValues(), Collections.unmodifiableMap(outputs), variables,
                preparation.playbookDirectory(), preparation.workingDirectory(), runDirectory.path(), false);
        String playbookName = playbook.file() == null ? playbook.name() : playbook.file().toAbsolutePath().toString();
        state = new StateRecorder(preparation.store(), playbookName, preparation.fingerprint(),
                preparation.publicVariables(), playbook.stepOrder(), message -> listener.notice(mask.mask(message)));
        for (Node node : nodes) {
            Selection.Choice choice = node.choice;
            if (choice.decision() != Selection.Decision.RUN && choice.savedOutputs() != null) {
                outputs.put(node.step.id(), choice.savedOutputs());
                state.completed(node.step.id(), choice.savedOutputs(), choice.withheld());
            }
        }

        int parallelism = Math.max(1, options.parallelism());
        workers = Executors.newFixedThreadPool(parallelism, daemons("nixboot-step-"));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemons("nixboot-timeout-"));
        timer.setRemoveOnCancelPolicy(true);
        timers = timer;
        remaining = new CountDownLatch(nodes.size());
        listener.runStarted(playbook.name(), nodes.size());
        try {
            Deque<Node> ready = new ArrayDeque<>();
            for (Node node : nodes) {
                if (node.waitingFor.get() == 0) {
                    ready.add(node);
                }
            }
            dispatch(ready, false);
            awaitEnd(nodes);
        } finally {
            workers.shutdownNow();
            timers.shutdownNow();
            interaction.close();
            locks.releaseAll();
            shared.close();
            String problem = runDirectory.remove();
            if (problem != null) {
                listener.notice(mask.mask(problem));
            }
            state.close();
        }
        RunSummary summary = summary(nodes, elapsed(start));
        listener.runFinished(summary);
        return summary;
    }

    /**
     * Ctrl-C: stops running steps (interrupt and cancel actions), starts nothing more; {@link #run()} then saves the
     * state and returns exit code 130. Safe to call from any thread, at any time.
     */
    public void cancel() {
        interrupted = true;
        stop("cancelled by the user");
    }

    private void stop(String reason) {
        if (stopReason.compareAndSet(null, reason)) {
            stopDeadline = System.nanoTime() + stopGrace.toNanos();
            stopRequested.countDown();
            SerialInteraction questions = interaction;
            if (questions != null) {
                // A step waiting for an answer (a confirm: field, a confirm or prompt step) is released now.
                questions.cancel(reason);
            }
            running.values().forEach(context -> context.stop(RunStepContext.Stop.RUN_STOPPED));
        }
    }

    private void awaitEnd(List<Node> nodes) {
        while (true) {
            try {
                if (remaining.await(100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                // The thread that called run() was interrupted: treat it like Ctrl-C, then keep waiting.
                cancel();
            }
            if (stopReason.get() != null && System.nanoTime() - stopDeadline > 0) {
                // Steps that ignore interrupts and cancel actions are given up on; their late results are dropped.
                Outcome abandoned = new Outcome(StepStatus.CANCELLED,
                        "did not stop within " + Failures.duration(stopGrace) + " of being cancelled", null,
                        Duration.ZERO);
                for (Node node : nodes) {
                    finish(node, node.began ? abandoned : cancelledBeforeStart(), new ArrayDeque<>());
                }
                return;
            }
        }
    }

    private List<Node> graph() {
        List<Node> nodes = new ArrayList<>(playbook.steps().size());
        for (CompiledStep step : playbook.steps()) {
            Node node = new Node(step, selection.choice(step.id()));
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
            node.step.lock().ifPresent(locks::expect);
        }
        return nodes;
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
                    finish(node, cancelledBeforeStart(), ready);
                }
            }
        }
        return kept;
    }

    private Outcome immediateOutcome(Node node) {
        Selection.Choice choice = node.choice;
        if (choice.decision() == Selection.Decision.NOT_SELECTED) {
            return new Outcome(StepStatus.NOT_SELECTED, choice.reason(), choice.savedOutputs(), Duration.ZERO);
        }
        if (choice.decision() == Selection.Decision.RESUMED) {
            return new Outcome(StepStatus.RESUMED, choice.reason(), choice.savedOutputs(), Duration.ZERO);
        }
        if (node.blockedBy != null) {
            return new Outcome(StepStatus.SKIPPED_DEPENDENCY, node.blockedBy, null, Duration.ZERO);
        }
        if (stopReason.get() != null) {
            return cancelledBeforeStart();
        }
        return null;
    }

    private Outcome cancelledBeforeStart() {
        return new Outcome(StepStatus.CANCELLED, "not started: " + stopReason.get(), null, Duration.ZERO);
    }

    private void execute(Node first) {
        Deque<Node> ready = new ArrayDeque<>();
        for (Node node = first; node != null; node = dispatch(ready, true)) {
            long start = System.nanoTime();
            Outcome outcome;
            try {
                outcome = attempt(node);
            } catch (RuntimeException | Error e) {
                outcome = new Outcome(StepStatus.FAILED, mask.mask(Failures.bug(node.step, e)), null,
                        Duration.ZERO);
            }
            finish(node, outcome.took(elapsed(start)), ready);
        }
    }

    private Outcome attempt(Node node) {
        CompiledStep step = node.step;
        if (stopReason.get() != null) {
            return cancelledBeforeStart();
        }
        node.began = true;
        Record parameters;
        try {
            if (!step.when(scope)) {
                return new Outcome(StepStatus.SKIPPED_CONDITION, "when: " + mask.mask(step.whenText()) + " is false",
                        null, Duration.ZERO);
            }
            Optional<String> question = step.confirm(scope);
            if (question.isPresent() && !environment.interaction().confirm(mask.mask(question.get()))) {
                return new Outcome(StepStatus.CANCELLED, "declined: " + mask.mask(question.get()), null,
                        Duration.ZERO);
            }
            parameters = step.parameters(scope);
            if (step.lock().isPresent() && !locks.acquire(step.lock().get(), () -> stopReason.get() != null,
                    holder -> listener.output(step.id(), RunListener.Stream.INFO, "waiting for lock '"
                            + step.lock().get() + "', held by " + holder))) {
                return cancelledBeforeStart();
            }
        } catch (InterruptedException e) {
            return cancelledBeforeStart();
        } catch (StepFailure e) {
            if (stopReason.get() != null) {
                // The run stopped while the step's confirm: question waited for an answer.
                return new Outcome(StepStatus.CANCELLED, stopReason.get(), null, Duration.ZERO);
            }
            return failed(mask.mask(e.getMessage() + leftOut(e.getMessage())));
        } catch (RuntimeException e) {
            return failed(mask.mask(Failures.bug(step, e)));
        }
        mask.addSecretComponents(parameters);
        return attempts(node, parameters);
    }

    /**
     * Why a failed template may have lacked an output: the message names {@code steps.<id>.} of a step that did not
     * produce outputs in this run (left out by the selection, skipped by its condition, failed under
     * continue_on_error), and the user is told which and why. Empty when the message names no such step.
     */
    private String leftOut(String message) {
        Matcher reference = STEP_REFERENCE.matcher(message == null ? "" : message);
        while (reference.find()) {
            Node referenced = byId.get(reference.group(1));
            Outcome outcome = referenced == null ? null : referenced.outcome;
            if (outcome != null && outcome.outputs() == null) {
                String why = switch (outcome.status()) {
                    case NOT_SELECTED -> "did not run: ";
                    case SKIPPED_CONDITION, SKIPPED_DEPENDENCY -> "was skipped: ";
                    case FAILED -> "failed: ";
                    default -> null;
                };
                if (why != null) {
                    return " ('" + referenced.step.id() + "' " + why + outcome.error() + ")";
                }
            }
        }
        return "";
    }

    private Outcome attempts(Node node, Record parameters) {
        CompiledStep step = node.step;
        int attempts = step.retry().attempts();
        Duration delay = step.retry().delay();
        Duration timeout = step.timeout().orElse(null);
        String failure = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            listener.stepStarted(step.id(), step.type(), attempt);
            RunStepContext context = new RunStepContext(step.id(), environment);
            running.put(node, context);
            if (stopReason.get() != null) {
                context.stop(RunStepContext.Stop.RUN_STOPPED);
            }
            ScheduledFuture<?> timer = timeout == null ? null : timers.schedule(
                    () -> context.stop(RunStepContext.Stop.TIMEOUT), timeout.toNanos(), TimeUnit.NANOSECONDS);
            Outputs result = null;
            try {
                result = execute(step.step(), parameters, context);
                failure = null;
            } catch (StepFailure e) {
                failure = mask.mask(e.getMessage());
            } catch (InterruptedException e) {
                failure = "interrupted";
            } catch (Exception e) {
                failure = mask.mask(Failures.bug(step, e));
            } finally {
                if (timer != null) {
                    timer.cancel(false);
                }
                context.end();
                running.remove(node);
            }
            RunStepContext.Stop stop = context.stopped();
            if (stop == RunStepContext.Stop.RUN_STOPPED) {
                return new Outcome(StepStatus.CANCELLED, stopReason.get(), null, Duration.ZERO);
            }
            if (stop == RunStepContext.Stop.TIMEOUT) {
                failure = "timed out after " + Failures.duration(timeout);
            } else if (failure == null) {
                return succeeded(result);
            }
            if (attempt < attempts) {
                listener.output(step.id(), RunListener.Stream.INFO, "attempt " + attempt + " of " + attempts
                        + " failed: " + failure + "; trying again in " + Failures.duration(delay));
                if (sleep(delay)) {
                    return new Outcome(StepStatus.CANCELLED, stopReason.get(), null, Duration.ZERO);
                }
                delay = Duration.ofNanos((long) (delay.toNanos() * step.retry().backoff()));
            }
        }
        return failed(attempts > 1 ? failure + " (after " + attempts + " attempts)" : failure);
    }

    @SuppressWarnings("unchecked")
    private static <P extends Record> Outputs execute(Step<P, ?> step, Record parameters, RunStepContext context)
            throws Exception {
        Record outputs = step.execute((P) parameters, context);
        if (outputs == null) {
            throw new IllegalStateException("returned null instead of its outputs (NoOutputs.NONE for none)");
        }
        return Outputs.of(outputs);
    }

    /** Waits between attempts; true when the run was stopped meanwhile. */
    private boolean sleep(Duration delay) {
        try {
            return stopRequested.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return true;
        }
    }

    /** A value from a secret output component is masked from now on, wherever it goes. */
    private Outcome succeeded(Outputs result) {
        result.secretValues().forEach(mask::addAll);
        return new Outcome(StepStatus.SUCCEEDED, null, result.values(), Duration.ZERO);
    }

    private static Outcome failed(String message) {
        return new Outcome(StepStatus.FAILED, message, null, Duration.ZERO);
    }

    /** Ends a step once (a late result of an abandoned step is dropped) and collects dependents now ready. */
    private void finish(Node node, Outcome outcome, Deque<Node> ready) {
        if (!node.finished.compareAndSet(false, true)) {
            return;
        }
        node.outcome = outcome;
        CompiledStep step = node.step;
        Map<String, Object> shown = Map.of();
        if (outcome.outputs() != null) {
            if (outcome.status() == StepStatus.SUCCEEDED) {
                outputs.put(step.id(), outcome.outputs());
                record(step, outcome.outputs());
            }
            shown = publicOutputs(step, outcome.outputs());
        }
        boolean failed = outcome.status() == StepStatus.FAILED && !step.continueOnError();
        String error = outcome.status() == StepStatus.FAILED && step.continueOnError()
                ? outcome.error() + " (continue_on_error: the run goes on)"
                : outcome.error();
        step.lock().ifPresent(locks::stepEnded);
        listener.stepFinished(step.id(), outcome.status(), outcome.duration(), shown, error);
        if (failed && options.failFast()) {
            stop("--fail-fast: step '" + step.id() + "' failed");
        }
        String blocks = switch (outcome.status()) {
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

    /**
     * Records the step as completed, with its outputs that hold no secret and outlive the run: the others (declared
     * secret, holding a secret value, or ending with the run) are left out by name, and a resumed run that needs one
     * runs the step again (Selection).
     */
    private void record(CompiledStep step, Map<String, Object> values) {
        if (!step.step().outputsOutliveRun()) {
            // Its outputs end with the run (a path in the run directory): all withheld, so that a resumed run runs
            // it again only when a step still to run needs them.
            state.completed(step.id(), Map.of(), List.copyOf(values.keySet()));
            return;
        }
        Set<String> declaredSecret = secretOutputs(step);
        Map<String, Object> kept = new LinkedHashMap<>();
        List<String> withheld = new ArrayList<>();
        values.forEach((name, value) -> {
            if (declaredSecret.contains(name) || mask.reveals(value)) {
                withheld.add(name);
            } else {
                kept.put(name, value);
            }
        });
        state.completed(step.id(), kept, withheld);
    }

    /** The names of the step's secret output components (the names its values are kept under). */
    private static Set<String> secretOutputs(CompiledStep step) {
        return OutputDescriptor.of(step.step().outputs()).stream().filter(OutputDescriptor::secret)
                .map(OutputDescriptor::name).collect(Collectors.toSet());
    }

    private Map<String, Object> publicOutputs(CompiledStep step, Map<String, Object> values) {
        if (values.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> shown = new LinkedHashMap<>(values);
        shown.keySet().removeAll(secretOutputs(step));
        return mask.maskValues(shown);
    }

    private RunSummary summary(List<Node> nodes, Duration duration) {
        List<RunSummary.StepResult> results = new ArrayList<>(nodes.size());
        boolean failed = false;
        for (Node node : nodes) {
            Outcome outcome = node.outcome;
            String error = outcome.status() == StepStatus.FAILED && node.step.continueOnError()
                    ? outcome.error() + " (continue_on_error)"
                    : outcome.error();
            results.add(new RunSummary.StepResult(node.step.id(), node.step.type(), outcome.status(),
                    outcome.duration(), error));
            failed |= outcome.status() == StepStatus.FAILED && !node.step.continueOnError()
                    || outcome.status() == StepStatus.CANCELLED;
        }
        int exitCode = interrupted ? 130 : failed ? 1 : 0;
        return new RunSummary(results, duration, exitCode);
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            // Daemons: a step that ignores every cancel must not keep the JVM alive after the run gave up on it.
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A step in the run: what it waits for, who waits for it, and how it ended. */
    private static final class Node {
        private final CompiledStep step;
        private final Selection.Choice choice;
        private final List<Node> dependents = new ArrayList<>(1);
        private final AtomicInteger waitingFor = new AtomicInteger();
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile String blockedBy;
        private volatile Outcome outcome;
        /** Whether a worker took the step up: a step given up on before that is reported as not started. */
        private volatile boolean began;

        private Node(CompiledStep step, Selection.Choice choice) {
            this.step = step;
            this.choice = choice;
        }
    }

    private record Outcome(StepStatus status, String error, Map<String, Object> outputs, Duration duration) {
        Outcome took(Duration took) {
            return new Outcome(status, error, outputs, took);
        }
    }

    /** Used when the front end gave no way to ask: a question fails the step rather than hang. */
    private static final class NoInteraction implements Interaction {
        @Override
        public boolean confirm(String question) throws StepFailure {
            throw new StepFailure("cannot ask '" + question + "': no terminal; answer with --yes");
        }

        @Override
        public String ask(String question, boolean secret, String defaultValue) throws StepFailure {
            if (defaultValue != null) {
                return defaultValue;
            }
            throw new StepFailure("cannot ask '" + question + "': no terminal and no default");
        }
    }
}
