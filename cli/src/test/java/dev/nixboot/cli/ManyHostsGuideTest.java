package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.testing.RepositoryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * src/docs/many-hosts.md shows what users copy and what they will see: its homelab inventory is valid for the default
 * playbook, and with the wrong value it describes, validate prints exactly the error the guide shows.
 */
class ManyHostsGuideTest {
    private static final Pattern BLOCK = Pattern.compile("```(\\w*)\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path directory;

    @Test
    void theHomelabInventoryValidatesAndItsWrongValueGivesTheErrorShown() throws Exception {
        List<String[]> blocks = blocks();
        String inventory = blocks.stream()
                .filter(b -> b[1].contains("inventory.schema.json"))
                .findFirst()
                .orElseThrow()[1];
        String error = blocks.stream()
                .filter(b -> b[1].startsWith("host grief:"))
                .findFirst()
                .orElseThrow()[1];
        Path playbook = directory.resolve("playbooks/remote-bootstrap.yaml");
        Files.createDirectories(playbook.getParent());
        Files.copy(RepositoryFiles.root().resolve("playbooks/remote-bootstrap.yaml"), playbook);

        Files.writeString(directory.resolve("homelab.yaml"), inventory);
        CommandResult valid =
                nixboot(directory, "validate", "playbooks/remote-bootstrap.yaml", "--inventory", "homelab.yaml");
        assertThat(valid.code()).as(valid.err()).isZero();

        assertThat(inventory).containsOnlyOnce("swapSize: 32");
        Files.writeString(directory.resolve("homelab.yaml"), inventory.replace("swapSize: 32", "swapSize: 70000"));
        CommandResult wrong =
                nixboot(directory, "validate", "playbooks/remote-bootstrap.yaml", "--inventory", "homelab.yaml");
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).isEqualTo(error);
    }

    private static List<String[]> blocks() throws Exception {
        String guide = Files.readString(RepositoryFiles.root().resolve("src/docs/many-hosts.md"));
        List<String[]> blocks = new ArrayList<>();
        Matcher block = BLOCK.matcher(guide);
        while (block.find()) {
            blocks.add(new String[] {block.group(1), block.group(2)});
        }
        return blocks;
    }
}
