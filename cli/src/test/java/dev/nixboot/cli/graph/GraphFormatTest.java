package dev.nixboot.cli.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nixboot.engine.api.CompiledPlaybook;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphFormatTest {
    /** The parts of a compiled playbook a graph reads, with a diamond, a condition and tags. */
    private record Playbook(List<String> stepOrder, Map<String, List<String>> needsById,
            Map<String, String> whenById, Map<String, List<String>> tagsById) implements CompiledPlaybook {
        @Override
        public Path file() {
            return Path.of("bootstrap.yaml");
        }

        @Override
        public String name() {
            return "bootstrap \"gusto\"";
        }

        @Override
        public String description() {
            return "";
        }

        @Override
        public Map<String, Object> variables() {
            return Map.of();
        }

        @Override
        public List<String> needs(String stepId) {
            return needsById.getOrDefault(stepId, List.of());
        }

        @Override
        public String when(String stepId) {
            return whenById.getOrDefault(stepId, "");
        }

        @Override
        public String type(String stepId) {
            return stepId.equals("end") ? "exec" : "ssh.exec";
        }

        @Override
        public List<String> tags(String stepId) {
            return tagsById.getOrDefault(stepId, List.of());
        }
    }

    private static final Playbook DIAMOND = new Playbook(
            List.of("keyscan", "swap", "install", "end"),
            Map.of("swap", List.of("keyscan"), "install", List.of("keyscan"), "end", List.of("swap", "install")),
            Map.of("swap", "${{ swap_size > 0 && host != \"x#1\" }}"),
            Map.of("install", List.of("install", "slow")));

    @Test
    void drawsMermaidWithConditionsTagsAndSafeNodeNames() {
        assertThat(new MermaidGraph().render(DIAMOND)).isEqualTo("""
                flowchart TD
                  step_keyscan["keyscan<br/>ssh.exec"]
                  step_swap["swap<br/>ssh.exec<br/>when: ${{ swap_size #gt; 0 #amp;#amp; host != #quot;x#35;1#quot; }}"]:::conditional
                  step_install["install<br/>ssh.exec<br/>tags: install, slow"]
                  step_end["end<br/>exec"]
                  step_keyscan --> step_swap
                  step_keyscan --> step_install
                  step_swap --> step_end
                  step_install --> step_end
                  classDef conditional stroke-dasharray: 5 5
                """);
    }

    @Test
    void drawsDotWithQuotedNamesAndDashedConditionalSteps() {
        assertThat(new DotGraph().render(DIAMOND)).isEqualTo("""
                digraph "bootstrap \\"gusto\\"" {
                  rankdir=TB;
                  node [shape=box];
                  "keyscan" [label="keyscan\\nssh.exec"];
                  "swap" [label="swap\\nssh.exec\\nwhen: ${{ swap_size > 0 && host != \\"x#1\\" }}", style=dashed];
                  "install" [label="install\\nssh.exec\\ntags: install, slow"];
                  "end" [label="end\\nexec"];
                  "keyscan" -> "swap";
                  "keyscan" -> "install";
                  "swap" -> "end";
                  "install" -> "end";
                }
                """);
    }

    @Test
    void leavesOutTheConditionalStyleWhenNoStepHasACondition() {
        Playbook plain = new Playbook(List.of("a", "b"), Map.of("b", List.of("a")), Map.of(), Map.of());
        assertThat(new MermaidGraph().render(plain)).doesNotContain("classDef").endsWith("step_a --> step_b\n");
    }

    @Test
    void refusesAnUnknownFormatNamingTheKnownOnes() {
        assertThatThrownBy(() -> GraphFormat.named("svg")).hasMessage("unknown graph format 'svg'; use mermaid or dot");
    }
}
