package dev.nixboot.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.events.EventSchema;
import dev.nixboot.cli.testing.RepositoryFiles;
import dev.nixboot.cli.testing.ShippedSteps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed schema is what the code generates, so editors never check playbooks against stale rules. */
class CommittedSchemaTest {
    @Test
    void committedPlaybookSchemaMatchesTheStepRecords() throws IOException {
        String generated = new PlaybookSchema(ShippedSteps.find(), new StepParameterSchemas()).render();
        assertCommitted(
                "playbook.schema.json",
                generated,
                "./nixboot schema > schemas/playbook.schema.json",
                "the step parameter records");
    }

    @Test
    void committedEventSchemaMatchesTheEventRecords() throws IOException {
        assertCommitted(
                "events.schema.json",
                new EventSchema().render(),
                "./nixboot schema --events > schemas/events.schema.json",
                "the event records");
    }

    @Test
    void committedInventorySchemaMatchesTheInventoryRecords() throws IOException {
        assertCommitted(
                "inventory.schema.json",
                new InventorySchema().render(),
                "./nixboot schema --inventory > schemas/inventory.schema.json",
                "the inventory records");
    }

    private static void assertCommitted(String name, String generated, String rewrite, String source)
            throws IOException {
        Path committed = RepositoryFiles.root().resolve("schemas").resolve(name);
        String current = Files.exists(committed) ? Files.readString(committed) : "";
        if (!current.equals(generated)) {
            // A copy beside the build output lets the schema be refreshed even before the launcher builds.
            Path fresh = Path.of("target", name);
            Files.writeString(fresh, generated);
            assertThat(current)
                    .as(
                            "schemas/%s is out of date with %s; rewrite it with `%s` (or copy cli/%s) and"
                                    + " commit it",
                            name, source, rewrite, fresh)
                    .isEqualTo(generated);
        }
    }
}
