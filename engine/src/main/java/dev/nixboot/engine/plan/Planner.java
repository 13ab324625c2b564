package dev.nixboot.engine.plan;

import dev.nixboot.engine.api.LocalHost;
import dev.nixboot.engine.api.PlannedStep;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.RunOptions;
import dev.nixboot.engine.model.CompiledPlaybookModel;
import dev.nixboot.engine.model.CompiledStep;
import dev.nixboot.engine.model.RunScope;
import dev.nixboot.engine.state.RunDirectory;
import dev.nixboot.engine.secrets.SecretMask;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A dry run: each step in execution order with its parameters resolved as far as they can be before the run and the
 * exact actions it would take, every secret masked. Starts no process, writes no file (not even the state directory
 * or the run directory) and touches no network: it only calls {@link Step#plan}.
 */
public final class Planner {
    static final String RESOLVED_AT_RUN_TIME = "(resolved at run time)";
    private static final String PLACEHOLDER_START = "<steps.";

    private final LocalHost host;

    public Planner(LocalHost host) {
        this.host = host;
    }

    public List<PlannedStep> plan(CompiledPlaybookModel playbook, RunOptions options) throws PlaybookException {
        Preparation preparation = Preparation.of(playbook, options, host);
        Selection selection = preparation.selection();
        Map<String, Map<String, Object>> knownOutputs = new HashMap<>();
        for (CompiledStep step : playbook.steps()) {
            Selection.Choice choice = selection.choice(step.id());
            if (choice.lendsOutputs()) {
                knownOutputs.put(step.id(), choice.savedOutputs());
            }
        }
        RunScope scope = preparation.scope(knownOutputs, new RunDirectory().path(), true);

        List<PlannedStep> planned = new ArrayList<>(playbook.steps().size());
        for (CompiledStep step : playbook.steps()) {
            SecretMask mask = preparation.mask();
            Map<String, Object> parameters = mask.maskValues(step.displayParameters(scope));
            PlanningContext context = new PlanningContext(step.id(), scope.playbookDirectory(),
                    scope.workingDirectory(), scope.runDirectory(), scope.environment(), preparation.home(), mask);
            planned.add(new PlannedStep(step.id(), step.type(), step.description(), step.needs(), step.whenText(),
                    parameters, actions(step, scope, context, parameters),
                    selection.choice(step.id()).decision() == Selection.Decision.RUN));
        }
        return planned;
    }

    private static List<String> actions(CompiledStep step, RunScope scope, PlanningContext context,
            Map<String, Object> shownParameters) {
        Record parameters;
        try {
            parameters = step.parameters(scope);
        } catch (StepFailure e) {
            if (shownParameters.toString().contains(PLACEHOLDER_START)) {
                return List.of(RESOLVED_AT_RUN_TIME);
            }
            return List.of("(cannot bind parameters: " + context.mask(e.getMessage()) + ")");
        }
        SecretMask mask = context.secrets().with(parameters);
        PlanningContext masked = mask == context.secrets() ? context : new PlanningContext(context.stepId(),
                context.playbookDirectory(), context.workingDirectory(), context.runDirectory(),
                context.environment(), context.home(), mask);
        try {
            StepPlan plan = planStep(step.step(), parameters, masked);
            List<String> actions = new ArrayList<>(plan.actions().size());
            plan.actions().forEach(action -> actions.add(mask.mask(action)));
            return actions;
        } catch (RuntimeException e) {
            return List.of("(cannot plan: " + mask.mask(Failures.bug(step, e)) + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private static <P extends Record> StepPlan planStep(Step<P, ?> step, Record parameters, PlanningContext context) {
        return step.plan((P) parameters, context);
    }
}
