package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.testing.RepositoryFiles;
import dev.nixboot.engine.api.CompiledPlaybook;
import dev.nixboot.engine.api.PlaybookEngine;
import dev.nixboot.engine.api.VariableInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The playbooks nixboot ships, as a user first meets them: validated and dry-run from a fresh directory. A dry run
 * must show what would really be run, with the vars resolved and secrets masked, and must leave no trace.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShippedPlaybooksDryRunTest {
    private static final Path PLAYBOOKS = RepositoryFiles.root().resolve("playbooks");

    @TempDir
    Path directory;

    @Test
    void defaultPlaybookDryRunShowsTheBootstrapInOrderAndTouchesNothing() throws IOException {
        Path secrets = directory.resolve("secret.yaml");
        Files.writeString(secrets, "luks_passphrase: dry-run-passphrase-91c\n");

        CommandResult result = nixboot(directory, "run", PLAYBOOKS.resolve("remote-bootstrap.yaml").toString(),
                "--var", "host=gusto", "--var", "destination=192.0.2.10", "--var", "swapSize=8",
                "--vars-file", secrets.toString(), "--dry-run");

        assertThat(result.code()).as(result.toString()).isZero();
        String plan = result.out();
        assertThat(plan).containsSubsequence("local_tools", "installer_scan", "forget_target", "host_key",
                "trust_installer", "check_disk", "generate_config", "install", "wait_installed", "trust_installed",
                "add_host_key", "update_keys", "commit_secrets", "push_secrets", "sync_config", "rebuild",
                "commit_config", "push_config");
        assertThat(plan).contains("nixos-generate-config").contains("--no-filesystems").contains("/mnt")
                .contains("nix run github:nix-community/nixos-anywhere --").contains("./nixos-installer#gusto")
                .contains("--post-kexec-ssh-port").contains("192.0.2.10").contains("/dev/sda")
                .contains("nixos-rebuild switch");
        assertThat(plan + result.err()).doesNotContain("dry-run-passphrase-91c");
        assertThat(leftBehind()).containsExactly("secret.yaml");
    }

    @Test
    void decliningTheRebuildStillLeavesTheHardwareConfigurationToPush() throws Exception {
        CompiledPlaybook playbook = PlaybookEngine.create(List.of()).compile(
                PLAYBOOKS.resolve("remote-bootstrap.yaml"), new VariableInputs(List.of(), List.of("host=gusto")));

        // A declined question skips every step that needs the step it guards, directly or not.
        assertThat(everythingBefore(playbook, "push_config")).contains("commit_config", "sync_config", "install")
                .doesNotContain("rebuild");
    }

    private static Set<String> everythingBefore(CompiledPlaybook playbook, String stepId) {
        Set<String> found = new HashSet<>();
        Deque<String> next = new ArrayDeque<>(playbook.needs(stepId));
        while (!next.isEmpty()) {
            String id = next.pop();
            if (found.add(id)) {
                next.addAll(playbook.needs(id));
            }
        }
        return found;
    }

    @Test
    void defaultPlaybookValidatesWithOnlyTheHostGiven() {
        CommandResult result = nixboot(directory, "validate", PLAYBOOKS.resolve("remote-bootstrap.yaml").toString(),
                "--var", "host=gusto");

        assertThat(result.code()).as(result.toString()).isZero();
    }

    @Test
    void defaultPlaybookRejectsADiskThatIsNotADevicePath() {
        CommandResult result = nixboot(directory, "validate", PLAYBOOKS.resolve("remote-bootstrap.yaml").toString(),
                "--var", "host=gusto", "--var", "disk=sda");

        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("disk");
    }

    @Test
    void rebuildHostExampleSyncsThenRebuilds() throws IOException {
        CommandResult result = nixboot(directory, "run", PLAYBOOKS.resolve("examples/rebuild-host.yaml").toString(),
                "--var", "host=grief", "--var", "user=ta", "--var", "action=boot", "--dry-run");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).containsSubsequence("sync_config", "rebuild").contains("grief")
                .contains("nixos-rebuild").contains("boot");
        assertThat(leftBehind()).isEmpty();
    }

    @Test
    void addHostToSecretsExampleReadsTheKeyOverAVerifiedConnection() throws IOException {
        CommandResult result = nixboot(directory, "run",
                PLAYBOOKS.resolve("examples/add-host-to-secrets.yaml").toString(),
                "--var", "host=grief", "--var", "user=ta", "--var", "push=false", "--dry-run");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).containsSubsequence("read_host_key", "host_age_key", "add_host_key", "update_keys",
                "commit_secrets").contains("/etc/ssh/ssh_host_ed25519_key.pub").contains(".sops.yaml");
        assertThat(leftBehind()).isEmpty();
    }

    @Test
    void hardwareConfigExampleAsksForTheConfigWithoutFileSystems() throws IOException {
        CommandResult result = nixboot(directory, "run", PLAYBOOKS.resolve("examples/hardware-config.yaml").toString(),
                "--var", "host=gusto", "--var", "destination=192.0.2.10", "--dry-run");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).containsSubsequence("generate", "write", "stage")
                .contains("--show-hardware-config").contains("--no-filesystems")
                .contains("hosts/gusto/hardware-configuration.nix");
        assertThat(leftBehind()).isEmpty();
    }

    @Test
    void everyShippedPlaybookDeclaresTheSchemaForEditors() throws IOException {
        try (Stream<Path> files = Files.walk(PLAYBOOKS)) {
            for (Path playbook : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                String first = Files.readAllLines(playbook).get(0);
                String schema = PLAYBOOKS.relativize(playbook).getNameCount() > 1
                        ? "../../schemas/playbook.schema.json" : "../schemas/playbook.schema.json";
                assertThat(first).as("%s", playbook).isEqualTo("# yaml-language-server: $schema=" + schema);
                assertThat(playbook.getParent().resolve(schema)).exists();
            }
        }
    }

    private List<String> leftBehind() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
