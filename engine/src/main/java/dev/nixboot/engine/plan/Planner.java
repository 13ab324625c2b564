package dev.nixboot.engine.plan;

import dev.nixboot.engine.api.LocalHost;
import dev.nixboot.engine.api.PlannedStep;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.RunOptions;
import dev.nixboot.engine.compile.CompiledPlaybook;
import dev.nixboot.engine.compile.CompiledStep;
import dev.nixboot.engine.secrets.SecretMask;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import dev.nixboot.engine.state.RunDirectory;
import dev.nixboot.engine.template.RunScope;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dry run: each step in execution order with its parameters resolved as far as they can be before the run and the
 * exact actions it would take, every secret masked. Starts no process, writes no file (not even the state directory
 * or the run directory) and touches no network: it only calls {@link Step#plan}.
 */
public final class Planner {
    static final String RESOLVED_AT_RUN_TIME = "(resolved at run time)";
    private static final String PLACEHOLDER_START = "<steps.";
    /** What an output not known before the run resolves to while planning: {@code <steps.keyscan.outputs.key>}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("<steps\\.[^<>\\s]+>");

    private final LocalHost host;

    public Planner(LocalHost host) {
        this.host = host;
    }

    public List<PlannedStep> plan(CompiledPlaybook playbook, RunOptions options) throws PlaybookException {
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
            PlanningContext context = new PlanningContext(
                    step.id(),
                    scope.playbookDirectory(),
                    scope.workingDirectory(),
                    scope.runDirectory(),
                    scope.environment(),
                    preparation.home(),
                    mask);
            planned.add(new PlannedStep(
                    step.id(),
                    step.type(),
                    step.description(),
                    step.needs(),
                    step.whenText(),
                    parameters,
                    actions(step, scope, context, parameters),
                    selection.choice(step.id()).decision() == Selection.Decision.RUN));
        }
        return planned;
    }

    private static List<String> actions(
            CompiledStep step, RunScope scope, PlanningContext context, Map<String, Object> shownParameters) {
        Record parameters;
        try {
            parameters = step.parameters(scope);
        } catch (StepFailure e) {
            if (shownParameters.toString().contains(PLACEHOLDER_START)) {
                return List.of(RESOLVED_AT_RUN_TIME);
            }
            return List.of("(cannot bind parameters: " + context.mask(e.getMessage()) + ")");
        }
        if (heldDefaultsForUnknowns(shownParameters, parameters)) {
            return List.of(RESOLVED_AT_RUN_TIME);
        }
        SecretMask mask = context.secrets().with(parameters);
        PlanningContext masked = mask == context.secrets()
                ? context
                : new PlanningContext(
                        context.stepId(),
                        context.playbookDirectory(),
                        context.workingDirectory(),
                        context.runDirectory(),
                        context.environment(),
                        context.home(),
                        mask);
        try {
            StepPlan plan = planStep(step.step(), parameters, masked);
            List<String> actions = new ArrayList<>(plan.actions().size());
            plan.actions().forEach(action -> actions.add(mask.mask(action)));
            return actions;
        } catch (RuntimeException e) {
            return List.of("(cannot plan: " + mask.mask(Failures.bug(step, e)) + ")");
        }
    }

    /**
     * Whether a value not known before the run went into a parameter that cannot hold its placeholder (a number, a
     * flag, a duration): the binder put the default or zero there, and actions planned from it would show a value the
     * run will not use.
     */
    private static boolean heldDefaultsForUnknowns(Map<String, Object> shownParameters, Record parameters) {
        String shown = shownParameters.toString();
        if (!shown.contains(PLACEHOLDER_START)) {
            return false;
        }
        StringBuilder bound = new StringBuilder();
        texts(parameters, bound);
        Matcher placeholder = PLACEHOLDER.matcher(shown);
        while (placeholder.find()) {
            if (bound.indexOf(placeholder.group()) < 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every value inside the bound parameters as text, read through the components: a record may hide some in its
     * toString.
     */
    private static void texts(Object value, StringBuilder into) {
        if (value instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    Method accessor = component.getAccessor();
                    // Parameter records of plugin steps need not be public; the accessor still is part of the record.
                    accessor.setAccessible(true);
                    texts(accessor.invoke(record), into);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    into.append(record);
                }
            }
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(item -> texts(item, into));
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> {
                texts(key, into);
                texts(item, into);
            });
        } else if (value != null) {
            into.append(value).append('\n');
        }
    }

    @SuppressWarnings("unchecked")
    private static <P extends Record> StepPlan planStep(Step<P, ?> step, Record parameters, PlanningContext context) {
        return step.plan((P) parameters, context);
    }
}
