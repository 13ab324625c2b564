package dev.nixboot.cli.graph;

import dev.nixboot.engine.api.CompiledPlaybook;
import java.util.ArrayList;
import java.util.List;

/** What a node shows, line by line: id, type, the condition and the tags when there are any. */
final class NodeLabel {
    private NodeLabel() {}

    static List<String> lines(CompiledPlaybook playbook, String stepId) {
        List<String> lines = new ArrayList<>();
        lines.add(stepId);
        lines.add(playbook.type(stepId));
        String when = playbook.when(stepId);
        if (when != null && !when.isBlank()) {
            lines.add("when: " + when.strip());
        }
        List<String> tags = playbook.tags(stepId);
        if (!tags.isEmpty()) {
            lines.add("tags: " + String.join(", ", tags));
        }
        return lines;
    }

    static boolean conditional(CompiledPlaybook playbook, String stepId) {
        String when = playbook.when(stepId);
        return when != null && !when.isBlank();
    }
}
