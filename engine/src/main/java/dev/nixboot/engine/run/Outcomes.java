package dev.nixboot.engine.run;

import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import dev.nixboot.engine.compile.CompiledStep;
import dev.nixboot.engine.plan.Selection;
import dev.nixboot.engine.spi.OutputDescriptor;
import dev.nixboot.engine.template.References.OutputUse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Records how each step ended, in the three places that hear of it: the outputs later steps read, the state file a
 * resumed run starts from, and the front end (the step's event now, the summary at the end). Keeps which steps were
 * left out and why, so a step that needed their outputs can say so.
 */
final class Outcomes {
    private final Run run;
    private final Map<String, Outcome> ended = new ConcurrentHashMap<>();
    private final Map<String, LeftOut> leftOut = new ConcurrentHashMap<>();

    Outcomes(Run run) {
        this.run = run;
    }

    /** Steps not run this time lend the saved run's outputs: later steps read them, the new state file keeps them. */
    void lendSavedOutputs() {
        for (CompiledStep step : run.playbook().steps()) {
            Selection.Choice choice = run.selection().choice(step.id());
            if (choice.lendsOutputs()) {
                run.outputs().put(step.id(), choice.savedOutputs());
                run.state().completed(step.id(), choice.savedOutputs(), choice.withheld());
            }
        }
    }

    /** Records how a step ended (called once per step) and tells the front end. */
    void record(CompiledStep step, Outcome outcome) {
        ended.put(step.id(), outcome);
        LeftOut.of(step.id(), outcome).ifPresent(absence -> leftOut.put(step.id(), absence));
        Map<String, Object> shown = Map.of();
        if (outcome.outputs() != null) {
            if (outcome.status() == StepStatus.SUCCEEDED) {
                run.outputs().put(step.id(), outcome.outputs());
                save(step, outcome.outputs());
            }
            shown = publicOutputs(step, outcome.outputs());
        }
        String error = outcome.status() == StepStatus.FAILED && step.continueOnError()
                ? outcome.error() + " (continue_on_error: the run goes on)"
                : outcome.error();
        run.listener().stepFinished(step.id(), outcome.status(), outcome.duration(), shown, error);
    }

    /**
     * The first step, in playbook order, whose outputs {@code step} reads and that ended without any: why the step's
     * templates could not be resolved.
     */
    Optional<LeftOut> leftOutAmongProducersOf(CompiledStep step) {
        Set<String> producers = new HashSet<>();
        for (OutputUse use : step.outputsUsed()) {
            producers.add(use.step());
        }
        return run.playbook().steps().stream()
                .filter(producer -> producers.contains(producer.id()))
                .map(producer -> leftOut.get(producer.id()))
                .filter(Objects::nonNull)
                .findFirst();
    }

    /** Every step's outcome in playbook order; called once every step has ended. */
    RunSummary summary(Duration duration) {
        List<RunSummary.StepResult> results =
                new ArrayList<>(run.playbook().steps().size());
        boolean failed = false;
        for (CompiledStep step : run.playbook().steps()) {
            Outcome outcome = ended.get(step.id());
            String error = outcome.status() == StepStatus.FAILED && step.continueOnError()
                    ? outcome.error() + " (continue_on_error)"
                    : outcome.error();
            results.add(new RunSummary.StepResult(step.id(), step.type(), outcome.status(), outcome.duration(), error));
            failed |= outcome.status() == StepStatus.FAILED && !step.continueOnError()
                    || outcome.status() == StepStatus.CANCELLED;
        }
        int exitCode = run.stop().byUser() ? 130 : failed ? 1 : 0;
        return new RunSummary(results, duration, exitCode);
    }

    /**
     * Records the step as completed, with its outputs that hold no secret and outlive the run: the others (declared
     * secret, holding a secret value, or ending with the run) are left out by name, and a resumed run that needs one
     * runs the step again (Selection).
     */
    private void save(CompiledStep step, Map<String, Object> values) {
        if (!step.step().outputsOutliveRun()) {
            // Its outputs end with the run (a path in the run directory): all withheld, so that a resumed run runs
            // it again only when a step still to run needs them.
            run.state().completed(step.id(), Map.of(), List.copyOf(values.keySet()));
            return;
        }
        Set<String> declaredSecret = secretOutputs(step);
        Map<String, Object> kept = new LinkedHashMap<>();
        List<String> withheld = new ArrayList<>();
        values.forEach((name, value) -> {
            if (declaredSecret.contains(name) || run.mask().reveals(value)) {
                withheld.add(name);
            } else {
                kept.put(name, value);
            }
        });
        run.state().completed(step.id(), kept, withheld);
    }

    private Map<String, Object> publicOutputs(CompiledStep step, Map<String, Object> values) {
        if (values.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> shown = new LinkedHashMap<>(values);
        shown.keySet().removeAll(secretOutputs(step));
        return run.mask().maskValues(shown);
    }

    /** The names of the step's secret output components (the names its values are kept under). */
    private static Set<String> secretOutputs(CompiledStep step) {
        return OutputDescriptor.of(step.step().outputs()).stream()
                .filter(OutputDescriptor::secret)
                .map(OutputDescriptor::name)
                .collect(Collectors.toSet());
    }
}
