package dev.nixboot.steps.local;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;

/** {@code confirm}: asks the person running nixboot a yes/no question; {@code --yes} answers yes. */
public final class ConfirmStep implements Step<ConfirmParameters, ConfirmOutputs> {

    @Override
    public String type() {
        return "confirm";
    }

    @Override
    public String summary() {
        return "Ask a yes/no question; by default a no fails the step so nothing after it runs.";
    }

    @Override
    public Class<ConfirmParameters> parameters() {
        return ConfirmParameters.class;
    }

    @Override
    public Class<ConfirmOutputs> outputs() {
        return ConfirmOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: really
                  type: confirm
                  with:
                    question: "Erase every disk of ${{ host }}?"
                """;
    }

    @Override
    public StepPlan plan(ConfirmParameters parameters, PlanContext context) {
        return StepPlan.of("ask: " + context.mask(parameters.question()) + " [y/N]"
                + (parameters.abortOnNo() ? " (no fails the step)" : ""));
    }

    @Override
    public ConfirmOutputs execute(ConfirmParameters parameters, StepContext context) throws StepFailure {
        boolean answer = context.interaction().confirm(parameters.question());
        if (!answer && parameters.abortOnNo()) {
            throw new StepFailure("declined");
        }
        return new ConfirmOutputs(answer);
    }
}
