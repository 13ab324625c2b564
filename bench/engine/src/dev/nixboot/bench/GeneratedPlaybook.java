package dev.nixboot.bench;

import dev.nixboot.engine.api.SourceLocation;
import dev.nixboot.engine.model.CompiledPlaybookModel;
import dev.nixboot.engine.model.CompiledStep;
import dev.nixboot.engine.model.Retry;
import dev.nixboot.engine.model.RunScope;
import dev.nixboot.engine.spi.NoOutputs;
import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A compiled playbook of no-op steps made in memory, so the benchmark measures the planner and the runner alone:
 * a chain (each step needs the one before) or a fan (every step starts at once).
 */
final class GeneratedPlaybook implements CompiledPlaybookModel {
    private static final NoopStep NOOP = new NoopStep();

    private final List<CompiledStep> steps;
    private final List<String> order;

    GeneratedPlaybook(String shape, int size) {
        steps = new ArrayList<>(size);
        order = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String id = "step_" + i;
            List<String> needs = shape.equals("chain") && i > 0 ? List.of("step_" + (i - 1)) : List.of();
            steps.add(new GeneratedStep(id, needs));
            order.add(id);
        }
    }

    @Override
    public Path file() {
        return null;
    }

    @Override
    public String name() {
        return "generated";
    }

    @Override
    public String description() {
        return "";
    }

    @Override
    public Map<String, Object> variables() {
        return Map.of();
    }

    @Override
    public List<String> stepOrder() {
        return order;
    }

    @Override
    public List<String> needs(String stepId) {
        return List.of();
    }

    @Override
    public String when(String stepId) {
        return "";
    }

    @Override
    public String type(String stepId) {
        return NOOP.type();
    }

    @Override
    public List<String> tags(String stepId) {
        return List.of();
    }

    @Override
    public List<CompiledStep> steps() {
        return steps;
    }

    @Override
    public Map<String, Object> variableValues() {
        return Map.of();
    }

    @Override
    public Set<String> secretValues() {
        return Set.of();
    }

    record NoopParameters(String text) {}

    static final class NoopStep implements Step<NoopParameters, NoOutputs> {
        @Override
        public String type() {
            return "noop";
        }

        @Override
        public String summary() {
            return "Do nothing";
        }

        @Override
        public Class<NoopParameters> parameters() {
            return NoopParameters.class;
        }

        @Override
        public Class<NoOutputs> outputs() {
            return NoOutputs.class;
        }

        @Override
        public StepPlan plan(NoopParameters parameters, PlanContext context) {
            return StepPlan.of("nothing: " + parameters.text());
        }

        @Override
        public NoOutputs execute(NoopParameters parameters, StepContext context) {
            return NoOutputs.NONE;
        }
    }

    private record GeneratedStep(String id, List<String> needs) implements CompiledStep {
        @Override
        public String type() {
            return NOOP.type();
        }

        @Override
        public Step<?, ?> step() {
            return NOOP;
        }

        @Override
        public String description() {
            return "";
        }

        @Override
        public List<String> tags() {
            return List.of();
        }

        @Override
        public String whenText() {
            return "";
        }

        @Override
        public boolean when(RunScope scope) {
            return true;
        }

        @Override
        public Optional<String> confirm(RunScope scope) {
            return Optional.empty();
        }

        @Override
        public Retry retry() {
            return Retry.NONE;
        }

        @Override
        public Set<String> outputsUsed() {
            return Set.of();
        }

        @Override
        public Optional<Duration> timeout() {
            return Optional.empty();
        }

        @Override
        public boolean continueOnError() {
            return false;
        }

        @Override
        public Record parameters(RunScope scope) {
            return new NoopParameters(id);
        }

        @Override
        public Map<String, Object> displayParameters(RunScope scope) {
            return Map.of("text", id);
        }

        @Override
        public SourceLocation location() {
            return null;
        }
    }
}
