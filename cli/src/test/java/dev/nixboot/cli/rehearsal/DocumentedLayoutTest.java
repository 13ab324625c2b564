package dev.nixboot.cli.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.testing.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's walk-through shows the installer flake users copy; the rehearsal installs from the same file. If the
 * two drift apart, the documented layout is no longer the one that is tested.
 */
class DocumentedLayoutTest {
    private static final Path ROOT = RepositoryFiles.root();
    private static final Path REPOSITORIES = ROOT.resolve("cli/src/test/resources/rehearsal/repos");

    @Test
    void readmeShowsTheRehearsedInstallerFlakeVerbatim() throws IOException {
        String flake = Files.readString(REPOSITORIES.resolve("nix-config/nixos-installer/flake.nix"));

        assertThat(remoteBootstrapSection()).contains("```nix\n" + flake + "```\n");
    }

    @Test
    void readmeArgumentsExampleHasEveryKeyTheInstallerReads() throws IOException {
        String section = remoteBootstrapSection();
        String installer = Files.readString(REPOSITORIES.resolve("nix-config/nixos-installer/flake.nix"))
                + Files.readString(REPOSITORIES.resolve("nix-config/hosts/common/disks/standard-disk-config.nix"))
                + Files.readString(REPOSITORIES.resolve("nix-config/hosts/common/core.nix"));
        for (String key : new String[] {"host", "user", "disk", "boot", "sshPort", "swapSize", "withSwap", "persistDir",
            "luksKeyFile"}) {
            assertThat(section).as("README's hosts/<host>.json example").contains("\"" + key + "\": ");
            assertThat(Files.readString(ROOT.resolve("playbooks/remote-bootstrap.yaml")))
                    .as("what the playbook writes").contains("\"" + key + "\": ");
        }
        assertThat(installer).contains("inherit (args) disk boot swapSize withSwap persistDir luksKeyFile")
                .contains("hostArgs = args").contains("hostArgs.sshPort").contains("hostArgs.boot")
                .contains("hostArgs.user");
    }

    private static String remoteBootstrapSection() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("\n## Remote bootstrap: the default playbook\n");
        assertThat(start).as("the README's remote bootstrap heading").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }
}
