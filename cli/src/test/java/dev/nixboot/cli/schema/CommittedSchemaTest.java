package dev.nixboot.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.testing.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed schema is what the code generates, so editors never check playbooks against stale rules. */
class CommittedSchemaTest {
    static final String REWRITE = "./nixboot schema > schemas/playbook.schema.json";

    @Test
    void committedSchemaMatchesTheStepRecords() throws IOException {
        Path committed = RepositoryFiles.root().resolve("schemas/playbook.schema.json");
        String generated = new PlaybookSchema(InstalledSteps.find(List.of()), new StepParameterSchemas()).render();
        String current = Files.exists(committed) ? Files.readString(committed) : "";
        if (!current.equals(generated)) {
            // A copy beside the build output lets the schema be refreshed even before the launcher builds.
            Path fresh = Path.of("target", "playbook.schema.json");
            Files.writeString(fresh, generated);
            assertThat(current).as("schemas/playbook.schema.json is out of date with the step parameter records;"
                    + " rewrite it with `%s` (or copy cli/%s) and commit it", REWRITE, fresh).isEqualTo(generated);
        }
    }
}
