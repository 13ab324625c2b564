package dev.nixboot.engine.run;

import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.StepStatus;
import dev.nixboot.engine.compile.CompiledStep;
import dev.nixboot.engine.plan.Failures;
import dev.nixboot.engine.secrets.SecretMask;
import dev.nixboot.engine.spi.DurationText;
import dev.nixboot.engine.spi.Outputs;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs one step that the scheduler started, on the calling worker: its {@code when:}, its {@code confirm:}
 * question, its parameters, its named lock, then up to {@code retry.attempts} attempts, each stopped at its
 * {@code timeout:}. Steps in parallel branches go through one instance at once.
 */
final class StepAttempts implements AutoCloseable {
    private final Run run;
    private final Outcomes outcomes;
    private final SecretMask mask;
    private final ScheduledExecutorService timers;
    /** The attempts in progress, which a stop of the run stops. */
    private final Set<RunStepContext> running = ConcurrentHashMap.newKeySet();

    StepAttempts(Run run, Outcomes outcomes) {
        this.run = run;
        this.outcomes = outcomes;
        this.mask = run.mask();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, Daemons.named("nixboot-timeout-"));
        timer.setRemoveOnCancelPolicy(true);
        this.timers = timer;
        run.stop().onStop(reason -> running.forEach(context -> context.stop(RunStepContext.Stop.RUN_STOPPED)));
    }

    /** How the step ended; a step whose condition is false, or whose question is declined, does not start. */
    Outcome run(CompiledStep step) {
        Record parameters;
        try {
            if (!step.when(run.scope())) {
                return Outcome.of(StepStatus.SKIPPED_CONDITION, "when: " + mask.mask(step.whenText()) + " is false");
            }
            Optional<String> question = step.confirm(run.scope());
            if (question.isPresent() && !run.interaction().confirm(mask.mask(question.get()))) {
                return Outcome.cancelled("declined: " + mask.mask(question.get()));
            }
            parameters = step.parameters(run.scope());
            if (step.lock().isPresent()
                    && !run.locks().acquire(step.id(), run.stop()::stopped, holder -> run.listener()
                            .output(
                                    step.id(),
                                    RunListener.Stream.INFO,
                                    "waiting for lock '" + step.lock().get() + "', held by " + holder))) {
                return Outcome.notStarted(run.stop().reason());
            }
        } catch (InterruptedException e) {
            return Outcome.notStarted(run.stop().reason());
        } catch (StepFailure e) {
            if (run.stop().stopped()) {
                // The run stopped while the step's confirm: question waited for an answer.
                return Outcome.cancelled(run.stop().reason());
            }
            String why = outcomes.leftOutAmongProducersOf(step)
                    .map(absence -> " (" + absence.explanation() + ")")
                    .orElse("");
            return Outcome.failed(mask.mask(e.getMessage() + why));
        } catch (RuntimeException e) {
            return Outcome.failed(mask.mask(Failures.bug(step, e)));
        }
        mask.addSecretComponents(parameters);
        return attempts(step, parameters);
    }

    private Outcome attempts(CompiledStep step, Record parameters) {
        int attempts = step.retry().attempts();
        Duration delay = step.retry().delay();
        Duration timeout = step.timeout().orElse(null);
        String failure = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            run.listener().stepStarted(step.id(), step.type(), attempt);
            RunStepContext context = new RunStepContext(step.id(), run.environment());
            running.add(context);
            if (run.stop().stopped()) {
                context.stop(RunStepContext.Stop.RUN_STOPPED);
            }
            ScheduledFuture<?> timer = timeout == null
                    ? null
                    : timers.schedule(
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
                running.remove(context);
            }
            RunStepContext.Stop stop = context.stopped();
            if (stop == RunStepContext.Stop.RUN_STOPPED) {
                return Outcome.cancelled(run.stop().reason());
            }
            if (stop == RunStepContext.Stop.TIMEOUT) {
                failure = "timed out after " + DurationText.format(timeout);
            } else if (failure == null) {
                return succeeded(result);
            }
            if (attempt < attempts) {
                run.listener()
                        .output(
                                step.id(),
                                RunListener.Stream.INFO,
                                "attempt " + attempt + " of " + attempts + " failed: " + failure + "; trying again in "
                                        + DurationText.format(delay));
                if (run.stop().awaitStop(delay)) {
                    return Outcome.cancelled(run.stop().reason());
                }
                delay = Duration.ofNanos((long) (delay.toNanos() * step.retry().backoff()));
            }
        }
        return Outcome.failed(attempts > 1 ? failure + " (after " + attempts + " attempts)" : failure);
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

    /**
     * The values of its secret output components join the mask before any later step or event can show them, by
     * component, whatever the outputs are called.
     */
    private Outcome succeeded(Outputs result) {
        result.secretValues().forEach(mask::addAll);
        return new Outcome(StepStatus.SUCCEEDED, null, result.values(), Duration.ZERO);
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
