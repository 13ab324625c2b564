package dev.nixboot.cli.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.testing.RepositoryFiles;
import dev.nixboot.cli.testing.UserDocs;
import dev.nixboot.engine.Engines;
import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.compile.CompiledPlaybook;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The docs show the default playbook's graph (the bootstrap guide, under a marker saying how to rewrite it); it must be
 * the graph of the playbook as it is now.
 */
class ReadmeGraphTest {
    private static final String MARKER = "<!-- graph of playbooks/remote-bootstrap.yaml;";
    private static final String REWRITE = "./nixboot graph playbooks/remote-bootstrap.yaml --var host=gusto";

    @Test
    void theDocsShowTheDefaultPlaybooksCurrentGraph() throws Exception {
        Path root = RepositoryFiles.root();
        List<Path> showing = UserDocs.files().stream()
                .filter(file -> UserDocs.read(file).contains(MARKER))
                .toList();
        assertThat(showing)
                .as("the docs that show the default playbook's graph under the marker '%s'", MARKER)
                .containsExactly(Path.of("src/docs/bootstrap.md"));
        String page = UserDocs.read(showing.get(0));
        int marker = page.indexOf(MARKER);
        assertThat(page.indexOf(MARKER, marker + 1))
                .as("a second graph marker in %s", showing.get(0))
                .isNegative();
        int start = page.indexOf("```mermaid\n", marker) + "```mermaid\n".length();
        int end = page.indexOf("```", start);
        String shown = page.substring(start, end);

        CompiledPlaybook playbook;
        try {
            playbook = Engines.create(ThisProcess.host(), List.of())
                    .compile(
                            root.resolve("playbooks/remote-bootstrap.yaml"),
                            new VariableInputs(List.of(), List.of("host=gusto")));
        } catch (PlaybookException e) {
            throw new AssertionError(
                    "the default playbook does not compile, so its graph cannot be drawn:\n"
                            + e.problems().stream()
                                    .map(p -> p.location() + ": " + p.path() + ": " + p.message())
                                    .collect(Collectors.joining("\n")),
                    e);
        }
        assertThat(shown)
                .as(
                        "the graph in %s is out of date: replace the mermaid block with the output of `%s`",
                        showing.get(0), REWRITE)
                .isEqualTo(new MermaidGraph().render(playbook));
    }
}
