package dev.nixboot.cli.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.testing.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap guide's layout section shows the installer flake users copy; the rehearsal installs from the same
 * file. If the two drift apart, the documented layout is no longer the one that is tested.
 */
class DocumentedLayoutTest {
    private static final Path ROOT = RepositoryFiles.root();
    private static final String GUIDE = "src/docs/bootstrap.md";
    private static final Path REPOSITORIES = ROOT.resolve("cli/src/test/resources/rehearsal/repos");

    @Test
    void theGuideShowsTheRehearsedInstallerFlakeVerbatim() throws IOException {
        String flake = Files.readString(REPOSITORIES.resolve("nix-config/nixos-installer/flake.nix"));

        assertThat(layoutSection()).contains("```nix\n" + flake + "```\n");
    }

    @Test
    void theGuidesArgumentsExampleHasEveryKeyTheInstallerReads() throws IOException {
        String section = layoutSection();
        String installer = Files.readString(REPOSITORIES.resolve("nix-config/nixos-installer/flake.nix"))
                + Files.readString(REPOSITORIES.resolve("nix-config/hosts/common/disks/standard-disk-config.nix"))
                + Files.readString(REPOSITORIES.resolve("nix-config/hosts/common/core.nix"));
        for (String key : new String[] {
            "host", "user", "disk", "boot", "sshPort", "swapSize", "withSwap", "persistDir", "luksKeyFile"
        }) {
            assertThat(section).as("the guide's hosts/<host>.json example").contains("\"" + key + "\": ");
            assertThat(Files.readString(ROOT.resolve("playbooks/remote-bootstrap.yaml")))
                    .as("what the playbook writes")
                    .contains("\"" + key + "\": ");
        }
        assertThat(installer)
                .contains("inherit (args) disk boot swapSize withSwap persistDir luksKeyFile")
                .contains("hostArgs = args")
                .contains("hostArgs.sshPort")
                .contains("hostArgs.boot")
                .contains("hostArgs.user");
    }

    private static String layoutSection() throws IOException {
        String guide = Files.readString(ROOT.resolve(GUIDE));
        int start = guide.indexOf("\n## The layout nix-config needs\n");
        assertThat(start).as("the layout heading of %s", GUIDE).isNotNegative();
        int end = guide.indexOf("\n## ", start + 1);
        return guide.substring(start, end < 0 ? guide.length() : end);
    }
}
