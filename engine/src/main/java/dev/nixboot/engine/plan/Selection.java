package dev.nixboot.engine.plan;

import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.Problem;
import dev.nixboot.engine.api.RunOptions;
import dev.nixboot.engine.api.Spelling;
import dev.nixboot.engine.compile.CompiledPlaybook;
import dev.nixboot.engine.compile.CompiledStep;
import dev.nixboot.engine.state.RunState;
import dev.nixboot.engine.template.References.OutputUse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Which steps a run executes, after {@code --resume}, {@code --from}, {@code --only}, {@code --skip} and
 * {@code --tags}. Steps left out count as done for their dependents; their outputs come from the saved state when it
 * has them, so {@code --from deploy} can still use {@code steps.keyscan.outputs.key} of the previous run.
 */
public final class Selection {

    public enum Decision {
        RUN,
        RESUMED,
        NOT_SELECTED
    }

    /**
     * @param reason why a step does not run, for the summary; null for {@link Decision#RUN}
     * @param savedOutputs outputs from the previous run, or null when it has none for this step
     * @param withheld the outputs the previous run did not save, because they held a secret or ended with that run
     */
    public record Choice(Decision decision, String reason, Map<String, Object> savedOutputs, List<String> withheld) {
        public Choice {
            withheld = withheld == null ? List.of() : List.copyOf(withheld);
        }

        Choice(Decision decision, String reason, Map<String, Object> savedOutputs) {
            this(decision, reason, savedOutputs, List.of());
        }

        /**
         * Whether the step, not run this time, lends later steps the outputs the saved run left: a dry run shows them
         * and a run reads and saves them again, so {@code --from deploy} still has {@code steps.keyscan.outputs.key}.
         */
        public boolean lendsOutputs() {
            return decision != Decision.RUN && savedOutputs != null;
        }
    }

    private final Map<String, Choice> choices;
    private final List<String> notes;

    private Selection(Map<String, Choice> choices, List<String> notes) {
        this.choices = choices;
        this.notes = List.copyOf(notes);
    }

    /**
     * @param saved the state of the previous run, if any
     * @param fingerprint of the playbook and inputs now, compared with the saved one when resuming
     * @throws PlaybookException when a selection names a step or tag the playbook does not have
     */
    public static Selection resolve(
            CompiledPlaybook playbook, RunOptions options, Optional<RunState> saved, Supplier<String> fingerprint)
            throws PlaybookException {
        Map<String, CompiledStep> steps = new HashMap<>();
        Set<String> tags = new TreeSet<>();
        for (CompiledStep step : playbook.steps()) {
            steps.put(step.id(), step);
            tags.addAll(step.tags());
        }
        List<Problem> problems = new ArrayList<>();
        if (options.from() != null) {
            checkId("--from", options.from(), steps.keySet(), problems);
        }
        options.only().forEach(id -> checkId("--only", id, steps.keySet(), problems));
        options.skip().forEach(id -> checkId("--skip", id, steps.keySet(), problems));
        for (String tag : options.tags()) {
            if (!tags.contains(tag)) {
                problems.add(new Problem(
                        null, "--tags", "no step has the tag '" + tag + "'" + Spelling.hint(tag, tags), null));
            }
        }
        if (!problems.isEmpty()) {
            throw new PlaybookException(problems);
        }

        List<String> notes = new ArrayList<>();
        Map<String, Map<String, Object>> savedOutputs =
                saved.map(RunState::completed).orElse(Map.of());
        if (options.resume()) {
            if (saved.isEmpty()) {
                notes.add("no saved run of this playbook: running every step");
            } else if (!saved.get().fingerprint().equals(fingerprint.get())) {
                notes.add("the playbook or its inputs changed since the saved run ("
                        + saved.get().updated() + "); steps completed then are not run again");
            }
        }
        Set<String> beforeFrom = options.from() == null ? Set.of() : ancestors(options.from(), steps);

        Map<String, Choice> choices = new HashMap<>();
        for (CompiledStep step : playbook.steps()) {
            String id = step.id();
            Map<String, Object> outputs = savedOutputs.get(id);
            List<String> withheld = saved.map(state -> state.withheld(id)).orElse(List.of());
            String reason = leftOutBecause(step, options, beforeFrom);
            if (reason != null) {
                choices.put(id, new Choice(Decision.NOT_SELECTED, reason, outputs, withheld));
            } else if (options.resume() && outputs != null) {
                choices.put(id, new Choice(Decision.RESUMED, "completed in the saved run", outputs, withheld));
            } else {
                choices.put(id, new Choice(Decision.RUN, null, null));
            }
        }
        runAgainForSecrets(playbook, choices, notes);
        return new Selection(choices, notes);
    }

    /**
     * A resumed step whose saved run left out a secret output (a prompt's answer, a generated key) runs again when a
     * step that runs needs that output: the secret was never written down, so only running the step gives it. Steps
     * nobody needs such an output from are not run again.
     */
    private static void runAgainForSecrets(CompiledPlaybook playbook, Map<String, Choice> choices, List<String> notes) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (CompiledStep step : playbook.steps()) {
                if (choices.get(step.id()).decision() != Decision.RUN) {
                    continue;
                }
                for (OutputUse use : step.outputsUsed()) {
                    String producer = use.step();
                    Choice choice = choices.get(producer);
                    if (choice != null
                            && choice.decision() == Decision.RESUMED
                            && choice.withheld().contains(use.output())) {
                        choices.put(producer, new Choice(Decision.RUN, null, null));
                        notes.add("'" + producer + "' runs again: its output '" + use.output()
                                + "' "
                                + (playbook.steps().stream()
                                                .filter(s -> s.id().equals(producer))
                                                .anyMatch(s -> !s.step().outputsOutliveRun())
                                        ? "ended with the saved run"
                                        : "held a secret, which the saved run did not keep")
                                + ", and '" + step.id() + "' needs it");
                        changed = true;
                    }
                }
            }
        }
    }

    public Choice choice(String stepId) {
        return choices.get(stepId);
    }

    /** Things the user should know before the run: a changed playbook, a resume with nothing to resume. */
    public List<String> notes() {
        return notes;
    }

    private static String leftOutBecause(CompiledStep step, RunOptions options, Set<String> beforeFrom) {
        if (beforeFrom.contains(step.id())) {
            return "before --from " + options.from();
        }
        if (!options.only().isEmpty() && !options.only().contains(step.id())) {
            return "not in --only";
        }
        if (options.skip().contains(step.id())) {
            return "--skip";
        }
        if (!options.tags().isEmpty() && step.tags().stream().noneMatch(options.tags()::contains)) {
            return "no tag in --tags " + String.join(",", new TreeSet<>(options.tags()));
        }
        return null;
    }

    private static Set<String> ancestors(String id, Map<String, CompiledStep> steps) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(steps.get(id).needs());
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next) && steps.containsKey(next)) {
                todo.addAll(steps.get(next).needs());
            }
        }
        return seen;
    }

    private static void checkId(String option, String id, Collection<String> ids, List<Problem> problems) {
        if (!ids.contains(id)) {
            problems.add(new Problem(null, option, "no step has the id '" + id + "'" + Spelling.hint(id, ids), null));
        }
    }
}
