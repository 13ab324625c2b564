package dev.nixboot.cli.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nixboot.engine.Engines;
import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.compile.CompiledPlaybook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphFormatTest {
    @TempDir
    static Path directory;

    /** A playbook with a diamond, a condition and tags, compiled as {@code nixboot graph} compiles it. */
    private static CompiledPlaybook compile(String yaml) throws Exception {
        Path file = Files.writeString(Files.createTempFile(directory, "playbook", ".yaml"), yaml);
        return Engines.create(ThisProcess.host(), List.of()).compile(file, VariableInputs.none());
    }

    private static CompiledPlaybook diamond() throws Exception {
        return compile("""
                name: bootstrap "gusto"
                vars:
                  swap_size: {type: int, default: 0}
                  host: {type: string, default: gusto}
                steps:
                  - {id: keyscan, type: ssh.keyscan, with: {host: example.test}}
                  - id: swap
                    type: exec
                    needs: [keyscan]
                    when: ${{ swap_size > 0 && host != "x#1" }}
                    with: {argv: ["true"]}
                  - {id: install, type: exec, needs: [keyscan], tags: [install, slow], with: {argv: ["true"]}}
                  - {id: end, type: exec, needs: [swap, install], with: {argv: ["true"]}}
                """);
    }

    @Test
    void drawsMermaidWithConditionsTagsAndSafeNodeNames() throws Exception {
        assertThat(new MermaidGraph().render(diamond())).isEqualTo("""
                flowchart TD
                  step_keyscan["keyscan<br/>ssh.keyscan"]
                  step_swap["swap<br/>exec<br/>when: ${{ swap_size #gt; 0 #amp;#amp; host != #quot;x#35;1#quot; }}"]:::conditional
                  step_install["install<br/>exec<br/>tags: install, slow"]
                  step_end["end<br/>exec"]
                  step_keyscan --> step_swap
                  step_keyscan --> step_install
                  step_swap --> step_end
                  step_install --> step_end
                  classDef conditional stroke-dasharray: 5 5
                """);
    }

    @Test
    void drawsDotWithQuotedNamesAndDashedConditionalSteps() throws Exception {
        assertThat(new DotGraph().render(diamond())).isEqualTo("""
                digraph "bootstrap \\"gusto\\"" {
                  rankdir=TB;
                  node [shape=box];
                  "keyscan" [label="keyscan\\nssh.keyscan"];
                  "swap" [label="swap\\nexec\\nwhen: ${{ swap_size > 0 && host != \\"x#1\\" }}", style=dashed];
                  "install" [label="install\\nexec\\ntags: install, slow"];
                  "end" [label="end\\nexec"];
                  "keyscan" -> "swap";
                  "keyscan" -> "install";
                  "swap" -> "end";
                  "install" -> "end";
                }
                """);
    }

    @Test
    void leavesOutTheConditionalStyleWhenNoStepHasACondition() throws Exception {
        CompiledPlaybook plain = compile("""
                steps:
                  - {id: a, type: exec, with: {argv: ["true"]}}
                  - {id: b, type: exec, with: {argv: ["true"]}}
                """);
        assertThat(new MermaidGraph().render(plain)).doesNotContain("classDef").endsWith("step_a --> step_b\n");
    }

    @Test
    void refusesAnUnknownFormatNamingTheKnownOnes() {
        assertThatThrownBy(() -> GraphFormat.named("svg")).hasMessage("unknown graph format 'svg'; use mermaid or dot");
    }
}
