package dev.nixboot.engine.api;

import java.util.List;
import java.util.Map;

/**
 * One step of a dry run, in execution order.
 *
 * @param id the step id
 * @param type the step type
 * @param description the step's description, or empty
 * @param needs the ids it waits for
 * @param when the condition as written, or empty when the step always runs
 * @param parameters the parameters with templates resolved as far as they can be before the run, secrets masked,
 *     and placeholders such as {@code <steps.keyscan.outputs.key>} for outputs not known yet
 * @param actions what the step would do (the exact command lines), masked
 * @param selected whether {@code --only}/{@code --skip}/{@code --from}/{@code --tags}/resume keep it
 */
public record PlannedStep(
        String id,
        String type,
        String description,
        List<String> needs,
        String when,
        Map<String, Object> parameters,
        List<String> actions,
        boolean selected) {}
