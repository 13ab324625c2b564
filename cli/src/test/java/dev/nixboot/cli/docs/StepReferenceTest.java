package dev.nixboot.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.schema.StepParameterSchemas;
import dev.nixboot.cli.testing.RepositoryFiles;
import dev.nixboot.cli.testing.ShippedSteps;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The step reference is generated from the step classes. */
class StepReferenceTest {

    @Test
    void theCommittedReferenceIsWhatTheStepClassesSay() throws Exception {
        String generated = new StepReference(new StepDocs(new StepParameterSchemas())).render(ShippedSteps.find());
        Path committed = RepositoryFiles.root().resolve("src/docs/steps.md");
        String current = Files.exists(committed) ? Files.readString(committed) : "";
        if (!current.equals(generated)) {
            Path fresh = Path.of("target", "steps.md");
            Files.writeString(fresh, generated);
            assertThat(current)
                    .as(
                            "src/docs/steps.md is out of date with the step classes; rewrite it with"
                                    + " `./nixboot steps --markdown > src/docs/steps.md` (or copy cli/%s) and commit it",
                            fresh)
                    .isEqualTo(generated);
        }
    }

    @Test
    void anchorsAreGitHubs() {
        assertThat(StepReference.anchor("ssh.exec")).isEqualTo("sshexec");
        assertThat(StepReference.anchor("ssh.known-hosts")).isEqualTo("sshknown-hosts");
    }
}
