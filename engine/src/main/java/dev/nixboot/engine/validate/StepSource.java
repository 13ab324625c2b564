package dev.nixboot.engine.validate;

import dev.nixboot.engine.api.SourceLocation;
import dev.nixboot.engine.load.Mapping;
import dev.nixboot.engine.load.Scalar;
import java.time.Duration;
import java.util.List;

/**
 * One step as written, after its own keys were checked; parameters, templates and dependencies are checked later.
 *
 * @param index position in the file, from 0, as in {@code steps[3]}
 * @param id the id as written
 * @param with the parameters, an empty mapping when there are none; null when they are not a mapping (reported)
 * @param needs the {@code needs:} entries, or null when the key is absent (then the step needs the one before it)
 * @param when the condition, or null when there is none
 * @param confirm the question, or null
 * @param lock the name of the lock the step holds while it runs, or null
 * @param location where the step's mapping starts
 */
public record StepSource(
        int index,
        Scalar id,
        Scalar type,
        Mapping with,
        List<Scalar> needs,
        Scalar when,
        RetryPolicy retry,
        Duration timeout,
        boolean continueOnError,
        Scalar confirm,
        List<String> tags,
        String description,
        String lock,
        SourceLocation location) {

    public String path() {
        return "steps[" + index + "]";
    }
}
