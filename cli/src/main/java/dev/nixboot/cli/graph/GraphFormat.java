package dev.nixboot.cli.graph;

import dev.nixboot.engine.compile.CompiledPlaybook;

/** A text form of a playbook's DAG. */
public interface GraphFormat {

    /** Nodes in execution order, then edges by target in execution order: the same playbook, the same text. */
    String render(CompiledPlaybook playbook);

    static GraphFormat named(String name) {
        return switch (name) {
            case "mermaid" -> new MermaidGraph();
            case "dot" -> new DotGraph();
            default -> throw new IllegalArgumentException("unknown graph format '" + name + "'; use mermaid or dot");
        };
    }
}
