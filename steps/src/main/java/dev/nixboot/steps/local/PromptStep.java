package dev.nixboot.steps.local;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;

/** {@code prompt}: reads a value, without echo and masked from then on when it is secret. */
public final class PromptStep implements Step<PromptParameters, PromptOutputs> {

    @Override
    public String type() {
        return "prompt";
    }

    @Override
    public String summary() {
        return "Read a value from the person running nixboot; secret values are read without echo and masked.";
    }

    @Override
    public Class<PromptParameters> parameters() {
        return PromptParameters.class;
    }

    @Override
    public Class<PromptOutputs> outputs() {
        return PromptOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: disk_password
                  type: prompt
                  with:
                    question: Passphrase for the encrypted root
                    secret: true
                """;
    }

    @Override
    public StepPlan plan(PromptParameters parameters, PlanContext context) {
        String fallback = parameters.defaultValue() == null
                ? ""
                : " (default: " + (parameters.secret() ? "***" : context.mask(parameters.defaultValue())) + ")";
        return StepPlan.of("ask" + (parameters.secret() ? " without echo" : "") + ": "
                + context.mask(parameters.question()) + fallback);
    }

    @Override
    public PromptOutputs execute(PromptParameters parameters, StepContext context) throws StepFailure {
        String value = context.interaction().ask(parameters.question(), parameters.secret(), parameters.defaultValue());
        if (parameters.secret()) {
            context.addSecret(value);
        }
        return new PromptOutputs(value);
    }
}
