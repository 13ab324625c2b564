package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.invocation.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphCommandTest {
    private static final String PLAYBOOK = """
            name: graph
            vars:
              swap: {type: int, default: 0}
            steps:
              - id: scan
                type: exec
                with: {argv: [true]}
              - id: swap_file
                type: exec
                when: ${{ swap > 0 }}
                tags: [disk]
                with: {argv: [true]}
              - id: report
                type: exec
                needs: [scan, swap_file]
                with: {argv: [true]}
            """;

    @TempDir
    Path directory;

    @BeforeEach
    void writePlaybook() throws Exception {
        Files.writeString(directory.resolve("graph.yaml"), PLAYBOOK);
    }

    @Test
    void drawsTheCompiledPlaybookAsMermaidByDefault() {
        CommandResult result = nixboot(directory, "graph", "graph.yaml");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("""
                flowchart TD
                  step_scan["scan<br/>exec"]
                  step_swap_file["swap_file<br/>exec<br/>when: ${{ swap #gt; 0 }}<br/>tags: disk"]:::conditional
                  step_report["report<br/>exec"]
                  step_scan --> step_swap_file
                  step_scan --> step_report
                  step_swap_file --> step_report
                  classDef conditional stroke-dasharray: 5 5
                """);
    }

    @Test
    void drawsDotOnRequest() {
        CommandResult result = nixboot(directory, "graph", "graph.yaml", "--format", "dot");
        assertThat(result.code()).isZero();
        assertThat(result.out()).startsWith("digraph \"graph\" {\n").contains("\"swap_file\" -> \"report\";\n");
    }

    @Test
    void reportsAnInvalidPlaybookLikeValidateDoes() throws Exception {
        Files.writeString(
                directory.resolve("graph.yaml"),
                PLAYBOOK.replace("needs: [scan, swap_file]", "needs: [scan, swapfile]"));
        CommandResult result = nixboot(directory, "graph", "graph.yaml");
        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).startsWith("graph.yaml:").contains("swapfile").contains("nothing was run");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void refusesAnUnknownFormat() {
        CommandResult result = nixboot(directory, "graph", "graph.yaml", "--format", "svg");
        assertThat(result.code()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).isEqualTo("nixboot graph: unknown graph format 'svg'; use mermaid or dot\n");
    }
}
