package dev.nixboot.cli.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.testing.RepositoryFiles;
import dev.nixboot.engine.Engines;
import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.compile.CompiledPlaybook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README shows the default playbook's graph; it must be the graph of the playbook as it is now. */
class ReadmeGraphTest {
    private static final String MARKER = "<!-- graph of playbooks/remote-bootstrap.yaml;";
    private static final String REWRITE = "./nixboot graph playbooks/remote-bootstrap.yaml --var host=gusto";

    @Test
    void readmeShowsTheDefaultPlaybooksCurrentGraph() throws Exception {
        Path root = RepositoryFiles.root();
        String readme = Files.readString(root.resolve("README.md"));
        int marker = readme.indexOf(MARKER);
        assertThat(marker).as("README.md has lost its graph marker '%s'", MARKER).isNotNegative();
        int start = readme.indexOf("```mermaid\n", marker) + "```mermaid\n".length();
        int end = readme.indexOf("```", start);
        String shown = readme.substring(start, end);

        CompiledPlaybook playbook;
        try {
            playbook = Engines.create(ThisProcess.host(), List.of()).compile(root.resolve("playbooks/remote-bootstrap.yaml"),
                    new VariableInputs(List.of(), List.of("host=gusto")));
        } catch (PlaybookException e) {
            throw new AssertionError("the default playbook does not compile, so its graph cannot be drawn:\n"
                    + e.problems().stream().map(p -> p.location() + ": " + p.path() + ": " + p.message())
                            .collect(Collectors.joining("\n")), e);
        }
        assertThat(shown).as("the README's graph is out of date: replace the mermaid block with the output of `%s`",
                REWRITE).isEqualTo(new MermaidGraph().render(playbook));
    }
}
