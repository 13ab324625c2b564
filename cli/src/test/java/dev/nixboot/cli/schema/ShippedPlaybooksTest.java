package dev.nixboot.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.testing.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every playbook shipped under playbooks/ names the committed schema in its first line, so editors check it as it is
 * typed, and passes that schema in an independent validator.
 */
class ShippedPlaybooksTest {
    private static final Path ROOT = RepositoryFiles.root();

    static List<Path> shippedPlaybooks() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve("playbooks"))) {
            return files.filter(
                            f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
    }

    /** The first line editors read the schema from, with the path from the playbook's own folder. */
    static String expectedHeader(Path playbook) {
        Path schema = ROOT.resolve("schemas/playbook.schema.json");
        String relative = playbook.getParent().relativize(schema).toString().replace('\\', '/');
        return "# yaml-language-server: $schema=" + relative;
    }

    @Test
    void theDefaultPlaybookIsAmongThem() throws IOException {
        assertThat(shippedPlaybooks()).contains(ROOT.resolve("playbooks/remote-bootstrap.yaml"));
    }

    @TestFactory
    Stream<DynamicTest> eachNamesTheSchemaOnItsFirstLine() throws IOException {
        return shippedPlaybooks().stream()
                .map(playbook ->
                        DynamicTest.dynamicTest(ROOT.relativize(playbook).toString(), () -> {
                            String firstLine = Files.readAllLines(playbook).get(0);
                            assertThat(firstLine)
                                    .as("first line of %s", ROOT.relativize(playbook))
                                    .isEqualTo(expectedHeader(playbook));
                        }));
    }

    @TestFactory
    Stream<DynamicTest> eachPassesTheCommittedSchema() throws IOException {
        SchemaValidation validation =
                new SchemaValidation(Files.readString(ROOT.resolve("schemas/playbook.schema.json")));
        return shippedPlaybooks().stream()
                .map(playbook -> DynamicTest.dynamicTest(
                        ROOT.relativize(playbook).toString(), () -> assertThat(validation.problems(playbook))
                                .as("%s", ROOT.relativize(playbook))
                                .isEmpty()));
    }

    @Test
    void theHeaderPointsUpOneFolderPerLevel() {
        assertThat(expectedHeader(ROOT.resolve("playbooks/remote-bootstrap.yaml")))
                .isEqualTo("# yaml-language-server: $schema=../schemas/playbook.schema.json");
        assertThat(expectedHeader(ROOT.resolve("playbooks/examples/hello.yaml")))
                .isEqualTo("# yaml-language-server: $schema=../../schemas/playbook.schema.json");
    }
}
