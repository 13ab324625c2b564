package dev.nixboot.cli.graph;

import dev.nixboot.engine.compile.CompiledPlaybook;
import dev.nixboot.engine.compile.CompiledStep;
import java.util.stream.Collectors;

/** A Graphviz digraph ({@code dot -Tsvg}); conditional steps are drawn dashed. */
public final class DotGraph implements GraphFormat {
    @Override
    public String render(CompiledPlaybook playbook) {
        StringBuilder text = new StringBuilder();
        text.append("digraph ").append(quote(playbook.name())).append(" {\n");
        text.append("  rankdir=TB;\n");
        text.append("  node [shape=box];\n");
        for (CompiledStep step : playbook.steps()) {
            String label = NodeLabel.lines(step).stream().map(DotGraph::escape).collect(Collectors.joining("\\n"));
            text.append("  ")
                    .append(quote(step.id()))
                    .append(" [label=\"")
                    .append(label)
                    .append('"');
            if (NodeLabel.conditional(step)) {
                text.append(", style=dashed");
            }
            text.append("];\n");
        }
        for (CompiledStep step : playbook.steps()) {
            for (String need : step.needs()) {
                text.append("  ")
                        .append(quote(need))
                        .append(" -> ")
                        .append(quote(step.id()))
                        .append(";\n");
            }
        }
        return text.append("}\n").toString();
    }

    private static String quote(String text) {
        return "\"" + escape(text) + "\"";
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
