package dev.nixboot.cli.graph;

import dev.nixboot.engine.api.CompiledPlaybook;
import java.util.List;
import java.util.stream.Collectors;

/** A Graphviz digraph ({@code dot -Tsvg}); conditional steps are drawn dashed. */
public final class DotGraph implements GraphFormat {
    @Override
    public String render(CompiledPlaybook playbook) {
        StringBuilder text = new StringBuilder();
        text.append("digraph ").append(quote(playbook.name())).append(" {\n");
        text.append("  rankdir=TB;\n");
        text.append("  node [shape=box];\n");
        List<String> order = playbook.stepOrder();
        for (String id : order) {
            String label = NodeLabel.lines(playbook, id).stream().map(DotGraph::escape)
                    .collect(Collectors.joining("\\n"));
            text.append("  ").append(quote(id)).append(" [label=\"").append(label).append('"');
            if (NodeLabel.conditional(playbook, id)) {
                text.append(", style=dashed");
            }
            text.append("];\n");
        }
        for (String id : order) {
            for (String need : playbook.needs(id)) {
                text.append("  ").append(quote(need)).append(" -> ").append(quote(id)).append(";\n");
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
