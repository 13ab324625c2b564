package dev.nixboot.cli.graph;

import dev.nixboot.engine.compile.CompiledPlaybook;
import dev.nixboot.engine.compile.CompiledStep;
import java.util.stream.Collectors;

/**
 * A Mermaid flowchart, which GitHub renders inside a {@code ```mermaid} block. Conditional steps are drawn dashed.
 */
public final class MermaidGraph implements GraphFormat {
    @Override
    public String render(CompiledPlaybook playbook) {
        StringBuilder text = new StringBuilder("flowchart TD\n");
        for (CompiledStep step : playbook.steps()) {
            String label =
                    NodeLabel.lines(step).stream().map(MermaidGraph::escape).collect(Collectors.joining("<br/>"));
            text.append("  ")
                    .append(node(step.id()))
                    .append("[\"")
                    .append(label)
                    .append("\"]");
            if (NodeLabel.conditional(step)) {
                text.append(":::conditional");
            }
            text.append('\n');
        }
        for (CompiledStep step : playbook.steps()) {
            for (String need : step.needs()) {
                text.append("  ")
                        .append(node(need))
                        .append(" --> ")
                        .append(node(step.id()))
                        .append('\n');
            }
        }
        if (playbook.steps().stream().anyMatch(NodeLabel::conditional)) {
            text.append("  classDef conditional stroke-dasharray: 5 5\n");
        }
        return text.toString();
    }

    /** Prefixed, because Mermaid reads some bare words (such as {@code end}) as syntax. */
    private static String node(String stepId) {
        return "step_" + stepId.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** Mermaid's entity codes keep quotes, angle brackets and hashes in a label from ending or breaking it. */
    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("#quot;");
                case '<' -> escaped.append("#lt;");
                case '>' -> escaped.append("#gt;");
                case '#' -> escaped.append("#35;");
                case '&' -> escaped.append("#amp;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
