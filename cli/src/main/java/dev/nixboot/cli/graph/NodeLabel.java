package dev.nixboot.cli.graph;

import dev.nixboot.engine.compile.CompiledStep;
import java.util.ArrayList;
import java.util.List;

/** What a node shows, line by line: id, type, the condition and the tags when there are any. */
final class NodeLabel {
    private NodeLabel() {}

    static List<String> lines(CompiledStep step) {
        List<String> lines = new ArrayList<>();
        lines.add(step.id());
        lines.add(step.type());
        if (conditional(step)) {
            lines.add("when: " + step.whenText().strip());
        }
        List<String> tags = step.tags();
        if (!tags.isEmpty()) {
            lines.add("tags: " + String.join(", ", tags));
        }
        return lines;
    }

    static boolean conditional(CompiledStep step) {
        return !step.whenText().isBlank();
    }
}
