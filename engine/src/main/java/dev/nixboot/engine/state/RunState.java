package dev.nixboot.engine.state;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run leaves behind for {@code --resume}: the steps that completed with their non-secret outputs, the
 * non-secret variable values, and a fingerprint of the playbook and its inputs to notice that they changed.
 *
 * @param version the file format, so a later nixboot can refuse or convert an old file
 * @param playbook the playbook's absolute path, for people reading the file
 * @param fingerprint of the playbook file and the non-secret inputs
 * @param updated when the file was written (ISO-8601)
 * @param completed outputs of completed steps, by step id, those that held a secret left out
 * @param withheld the names of the outputs left out, by step id: a step that needs one runs the step again
 * @param variables variable values, secret ones left out
 */
public record RunState(
        int version,
        String playbook,
        String fingerprint,
        String updated,
        Map<String, Map<String, Object>> completed,
        Map<String, List<String>> withheld,
        Map<String, Object> variables) {
    public static final int VERSION = 1;

    public RunState {
        completed = completed == null ? Map.of() : new LinkedHashMap<>(completed);
        withheld = withheld == null ? Map.of() : new LinkedHashMap<>(withheld);
        variables = variables == null ? Map.of() : new LinkedHashMap<>(variables);
    }

    /** The outputs of the step left out of the file because they held a secret. */
    public List<String> withheld(String stepId) {
        return withheld.getOrDefault(stepId, List.of());
    }
}
