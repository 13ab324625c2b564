package dev.nixboot.engine.plan;

import dev.nixboot.engine.secrets.SecretMask;
import dev.nixboot.engine.spi.PlanContext;
import java.nio.file.Path;
import java.util.Map;

/** The facts a step sees while it is planned: no console, no questions, no directories created. */
record PlanningContext(
        String stepId,
        Path playbookDirectory,
        Path workingDirectory,
        Path runDirectory,
        Map<String, String> environment,
        Path home,
        SecretMask secrets)
        implements PlanContext {

    @Override
    public String mask(String text) {
        return secrets.mask(text);
    }
}
