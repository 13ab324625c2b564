package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.testing.RepositoryFiles;
import dev.nixboot.engine.Engines;
import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.compile.CompiledPlaybook;
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

        CommandResult result = nixboot(
                directory,
                "run",
                PLAYBOOKS.resolve("remote-bootstrap.yaml").toString(),
                "--var",
                "host=gusto",
                "--var",
                "destination=192.0.2.10",
                "--var",
                "swapSize=8",
                "--vars-file",
                secrets.toString(),
                "--dry-run");

        assertThat(result.code()).as(result.toString()).isZero();
        String plan = result.out();
        assertThat(plan)
                .containsSubsequence(
                        "local_tools",
                        "keys",
                        "luks_needs_console",
                        "installer_scan",
                        "forget_target",
                        "host_key",
                        "extra_files_modes",
                        "trust_installer",
                        "target_system",
                        "target_firmware",
                        "check_disk",
                        "write_host_args",
                        "hardware_placeholder",
                        "stage_host_files",
                        "evaluate",
                        "install",
                        "wait_installed",
                        "trust_installed",
                        "add_host_key",
                        "update_keys",
                        "commit_secrets",
                        "push_secrets",
                        "update_lock",
                        "sync_config",
                        "rebuild_from_source",
                        "commit_config",
                        "push_config");
        // Every command the bootstrap runs is in the plan: the checks on the target, the evaluation, the install
        // with nixos-anywhere's own hardware configuration and the passphrase through a pipe, the lock update and
        // the rebuild from here.
        assertThat(plan)
                .contains("/sys/firmware/efi")
                .contains("/sys/class/block/")
                .contains("/proc/meminfo")
                .contains("setsid")
                .contains("sudo -n true")
                .contains("eval --no-write-lock-file --raw")
                .contains("#nixosConfigurations.gusto.config.system.build.toplevel.drvPath")
                .contains("#nixosConfigurations.gusto.config.system.build.diskoScript.drvPath")
                .contains("nix run github:nix-community/nixos-anywhere --")
                .contains("./nixos-installer#gusto")
                .contains("--generate-hardware-config nixos-generate-config './hosts/gusto/hardware-configuration.nix'")
                .contains("--disk-encryption-keys '/tmp/disko-password'")
                .contains("mkfifo")
                .contains("192.0.2.10")
                .contains("/dev/sda")
                .contains("flake update \"$INPUT\"")
                .contains("flake lock --update-input \"$INPUT\"")
                .contains("INPUT=nix-secrets")
                .contains("nixos-rebuild switch --flake '.#gusto' --target-host")
                .contains("--use-remote-sudo")
                .contains("NIX_SSHOPTS=")
                .contains("StrictHostKeyChecking=yes")
                .contains("find \"$TREE\" -type d -exec chmod 0755 {} +")
                .contains("nixpkgs.hostPlatform = lib.mkDefault \"$SYSTEM\";")
                .contains("git -C . add -- hosts/gusto/hardware-configuration.nix nixos-installer/hosts/gusto.json");
        assertThat(plan)
                .as("only for a custom kexec image, and only when set")
                .doesNotContain("--post-kexec-ssh-port")
                .doesNotContain("--kexec");
        assertThat(plan + result.err()).doesNotContain("dry-run-passphrase-91c");
        assertThat(leftBehind()).containsExactly("secret.yaml");
    }

    @Test
    void decliningTheRebuildStillLeavesTheHardwareConfigurationToPush() throws Exception {
        CompiledPlaybook playbook = Engines.create(ThisProcess.host(), List.of())
                .compile(
                        PLAYBOOKS.resolve("remote-bootstrap.yaml"),
                        new VariableInputs(List.of(), List.of("host=gusto")));

        // A declined question skips every step that needs the step it guards, directly or not.
        assertThat(everythingBefore(playbook, "push_config"))
                .contains("commit_config", "sync_config", "install", "update_lock")
                .doesNotContain("rebuild_from_source", "rebuild_on_target");
    }

    private static Set<String> everythingBefore(CompiledPlaybook playbook, String stepId) {
        Set<String> found = new HashSet<>();
        Deque<String> next = new ArrayDeque<>(playbook.step(stepId).needs());
        while (!next.isEmpty()) {
            String id = next.pop();
            if (found.add(id)) {
                next.addAll(playbook.step(id).needs());
            }
        }
        return found;
    }

    @Test
    void defaultPlaybookDryRunShowsTheKexecOptionsTheMachineIdAndTheRebuildOnTheHostWhenAskedFor() throws IOException {
        CommandResult result = nixboot(
                directory,
                "run",
                PLAYBOOKS.resolve("remote-bootstrap.yaml").toString(),
                "--var",
                "host=gusto",
                "--var",
                "destination=192.0.2.10",
                "--var",
                "ssh_port=2222",
                "--var",
                "kexec=./kexec/custom-installer.tar.gz",
                "--var",
                "post_kexec_ssh_port=2200",
                "--var",
                "rebuild_on=target",
                "--var",
                "boot=bios",
                "--var",
                "persist_dir=/persist",
                "--dry-run");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("set -- \"$@\" --post-kexec-ssh-port 2200")
                .contains("set -- \"$@\" --kexec ./kexec/custom-installer.tar.gz")
                .contains("--ssh-port 2222")
                .contains("BOOT=bios")
                .contains("\"sshPort\": 2222")
                .containsSubsequence("git_server_keys", "root_known_hosts", "rebuild_on_target")
                .contains("ssh-keygen -F")
                .contains(".ssh/known_hosts")
                .contains("sudo -n --preserve-env=SSH_AUTH_SOCK nixos-rebuild switch --flake '.#gusto'")
                .contains("\"persistDir\": \"/persist\"")
                .contains("/extra-files/persist/etc/machine-id")
                .contains("od -An -N16 -tx1 /dev/urandom");
        assertThat(leftBehind()).isEmpty();
    }

    @Test
    void defaultPlaybookRefusesABootModeItDoesNotKnow() {
        CommandResult result = nixboot(
                directory,
                "validate",
                PLAYBOOKS.resolve("remote-bootstrap.yaml").toString(),
                "--var",
                "host=gusto",
                "--var",
                "boot=efi");

        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("boot");
    }

    @Test
    void defaultPlaybookValidatesWithOnlyTheHostGiven() {
        CommandResult result = nixboot(
                directory,
                "validate",
                PLAYBOOKS.resolve("remote-bootstrap.yaml").toString(),
                "--var",
                "host=gusto");

        assertThat(result.code()).as(result.toString()).isZero();
    }

    @Test
    void defaultPlaybookRejectsADiskThatIsNotADevicePath() {
        CommandResult result = nixboot(
                directory,
                "validate",
                PLAYBOOKS.resolve("remote-bootstrap.yaml").toString(),
                "--var",
                "host=gusto",
                "--var",
                "disk=sda");

        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("disk");
    }

    @Test
    void rebuildHostExampleSyncsThenRebuilds() throws IOException {
        CommandResult result = nixboot(
                directory,
                "run",
                PLAYBOOKS.resolve("examples/rebuild-host.yaml").toString(),
                "--var",
                "host=grief",
                "--var",
                "user=ta",
                "--var",
                "action=boot",
                "--dry-run");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out())
                .containsSubsequence("sync_config", "rebuild")
                .contains("grief")
                .contains("nixos-rebuild")
                .contains("boot");
        assertThat(leftBehind()).isEmpty();
    }

    @Test
    void addHostToSecretsExampleReadsTheKeyOverAVerifiedConnection() throws IOException {
        CommandResult result = nixboot(
                directory,
                "run",
                PLAYBOOKS.resolve("examples/add-host-to-secrets.yaml").toString(),
                "--var",
                "host=grief",
                "--var",
                "user=ta",
                "--var",
                "push=false",
                "--dry-run");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out())
                .containsSubsequence("read_host_key", "host_age_key", "add_host_key", "update_keys", "commit_secrets")
                .contains("/etc/ssh/ssh_host_ed25519_key.pub")
                .contains(".sops.yaml");
        assertThat(leftBehind()).isEmpty();
    }

    @Test
    void hardwareConfigExampleAsksForTheConfigWithoutFileSystems() throws IOException {
        CommandResult result = nixboot(
                directory,
                "run",
                PLAYBOOKS.resolve("examples/hardware-config.yaml").toString(),
                "--var",
                "host=gusto",
                "--var",
                "destination=192.0.2.10",
                "--dry-run");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out())
                .containsSubsequence("generate", "write", "stage")
                .contains("--show-hardware-config")
                .contains("--no-filesystems")
                .contains("hosts/gusto/hardware-configuration.nix");
        assertThat(leftBehind()).isEmpty();
    }

    @Test
    void everyShippedPlaybookDeclaresTheSchemaForEditors() throws IOException {
        try (Stream<Path> files = Files.walk(PLAYBOOKS)) {
            for (Path playbook :
                    files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                String first = Files.readAllLines(playbook).get(0);
                String schema = PLAYBOOKS.relativize(playbook).getNameCount() > 1
                        ? "../../schemas/playbook.schema.json"
                        : "../schemas/playbook.schema.json";
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
