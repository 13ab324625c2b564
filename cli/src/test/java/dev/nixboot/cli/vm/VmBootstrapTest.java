package dev.nixboot.cli.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.rehearsal.SshAgent;
import dev.nixboot.cli.testing.RepositoryFiles;
import dev.nixboot.cli.vm.NixbootRun.Result;
import dev.nixboot.cli.vm.RehearsalVm.Firmware;
import dev.nixboot.cli.vm.RehearsalVm.Medium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * The default playbook, run by the real {@code nixboot} command against a virtual machine: real firmware (OVMF or
 * SeaBIOS), a real disk the installer partitions, a real reboot that drops every connection while the machine
 * restarts, a real kexec from a plain Linux. Stand-ins only for what Nix builds (see the rehearsal VM's
 * nixos-anywhere). Slow (minutes each, under QEMU's TCG), so these run in their own group, after the unit tests.
 */
@Tag("vm")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class VmBootstrapTest {
    private static final Duration RUN_LIMIT = Duration.ofMinutes(12);
    private static final String ESP = "c12a7328-f81f-11d2-ba4b-00a0c93ec93b";
    private static final String BIOS_BOOT = "21686148-6449-6e6f-744e-656564454649";

    private RehearsalVm vm;
    private SshAgent agent;

    @AfterEach
    void switchOff(TestInfo test) throws IOException {
        try {
            if (agent != null) {
                agent.close();
            }
        } finally {
            if (vm != null) {
                System.out.println(
                        test.getDisplayName() + ": the VM's console log ends with:\n" + tail(vm.console(), 25));
                vm.close();
            }
        }
    }

    @Test
    void installsOnUefiComesBackFromARealRebootWithThePreGeneratedKeyAndChangesNothingWhenRunAgain() throws Exception {
        boot(Firmware.UEFI, Medium.INSTALLER);
        long qemu = vm.pid().orElseThrow();

        Result first = bootstrap();

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(vm.pid())
                .as("the guest rebooted inside the same QEMU: no power cycle")
                .hasValue(qemu);
        assertThat(vm.console())
                .as("the installer went down and the firmware booted the installed system")
                .containsSubsequence(
                        "installer: reboot",
                        "firmware: UEFI",
                        "installed system on the disk: init=",
                        "installed: sshd started");
        assertInstalledSystemPresentsThePreGeneratedKey();
        assertThat(partitions())
                .as("disko's layout for UEFI")
                .containsExactly(ESP + " disk-disk0-ESP", "0fc63daf-8483-4772-8e79-3d69d8477de4 disk-disk0-root");
        assertThat(vm.ssh("findmnt -n -o SOURCE,FSTYPE / && test -d /sys/firmware/efi && echo efi"))
                .isEqualTo("/dev/vda2 ext4\nefi\n");
        assertHardwareConfigurationDescribesTheVm();
        assertThat(vm.ssh("cat /root/nix-config/flake.nix"))
                .as("nix-config synced onto the installed disk")
                .isEqualTo(Files.readString(vm.nixConfig().resolve("flake.nix")));

        byte[] knownHosts = Files.readAllBytes(vm.knownHosts());
        byte[] sopsYaml = Files.readAllBytes(vm.nixSecrets().resolve(".sops.yaml"));
        List<String> configHistory = history("nix-config");
        List<String> secretsHistory = history("nix-secrets");

        // Again, against the installed system: no installer now, so nixos-anywhere kexecs it into one (which keeps
        // the host key), installs again and reboots.
        Result second = bootstrap();

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.output()).contains("### Switching system into kexec ###");
        assertThat(vm.console())
                .containsSubsequence(
                        "installed: sshd started",
                        "booted by kexec: installer",
                        "installer: reboot",
                        "installed system on the disk: init=",
                        "installed: sshd started");
        assertThat(vm.pid()).hasValue(qemu);
        assertInstalledSystemPresentsThePreGeneratedKey();
        assertThat(Files.readAllBytes(vm.knownHosts()))
                .as("known_hosts after the second run")
                .isEqualTo(knownHosts);
        assertThat(Files.readAllBytes(vm.nixSecrets().resolve(".sops.yaml"))).isEqualTo(sopsYaml);
        assertThat(history("nix-config")).as("no new commits in nix-config").isEqualTo(configHistory);
        assertThat(history("nix-secrets")).as("no new commits in nix-secrets").isEqualTo(secretsHistory);
        assertThat(git(vm.nixConfig(), "status", "--porcelain")).isEmpty();
        assertThat(git(vm.nixSecrets(), "status", "--porcelain")).isEmpty();
        System.out.println("UEFI install took " + first.took().toSeconds() + " s, the second run (kexec) "
                + second.took().toSeconds() + " s");
    }

    /** Issue 12 (5): the playbook looks at /sys/firmware/efi and picks the BIOS layout and GRUB. */
    @Test
    void installsOnBiosWithABiosBootPartitionAndGrubAndBootsFromTheDisk() throws Exception {
        boot(Firmware.BIOS, Medium.INSTALLER);

        Result result = bootstrap();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(hostArguments()).contains("\"boot\": \"bios\"");
        assertThat(partitions())
                .as("disko's layout for BIOS")
                .containsExactly(
                        BIOS_BOOT + " disk-disk0-boot", "0fc63daf-8483-4772-8e79-3d69d8477de4 disk-disk0-root");
        assertThat(vm.console())
                .containsSubsequence(
                        "installer: reboot",
                        "firmware: BIOS",
                        "installed system on the disk: init=",
                        "installed: sshd started");
        assertThat(vm.ssh(
                        "test -d /sys/firmware/efi && echo efi || echo no efi; dd if=/dev/vda bs=440 count=1 2>/dev/null"
                                + " | tr -d '\\0'"))
                .as("no UEFI, and GRUB's boot code in the MBR")
                .startsWith("no efi\nGRUB");
        assertInstalledSystemPresentsThePreGeneratedKey();
        System.out.println("BIOS install took " + result.took().toSeconds() + " s");
    }

    /**
     * Issue 12 (6): a machine running some other Linux, without NixOS tools. nixos-anywhere kexecs it into the
     * installer, which keeps its host key; the hardware configuration is generated there, after the kexec.
     */
    @Test
    void kexecsAPlainLinuxIntoTheInstallerAndInstalls() throws Exception {
        boot(Firmware.BIOS, Medium.PLAIN);
        String plainKey = RehearsalVm.publicKey(vm.plainHostKey());
        assertThat(vm.presentedHostKey()).isEqualTo(plainKey);
        assertThat(vm.ssh("command -v nixos-generate-config nixos-install || echo none"))
                .isEqualTo("none\n");

        Result result = bootstrap();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.output()).contains("### Switching system into kexec ###");
        assertThat(vm.console())
                .containsSubsequence(
                        "plain: sshd started",
                        "booted by kexec: installer",
                        "installer: sshd started (" + fingerprint(plainKey) + ")",
                        "installer: reboot",
                        "installed system on the disk: init=",
                        "installed: sshd started");
        assertHardwareConfigurationDescribesTheVm();
        assertInstalledSystemPresentsThePreGeneratedKey();
        System.out.println(
                "plain Linux, kexec and install took " + result.took().toSeconds() + " s");
    }

    private void boot(Firmware firmware, Medium medium) throws IOException, InterruptedException {
        long started = System.nanoTime();
        vm = RehearsalVm.up(firmware, medium);
        System.out.println(firmware + " " + medium + ": SSH answered " + (System.nanoTime() - started) / 1_000_000_000
                + " s after the VM was started (including any image build)");
        agent = SshAgent.holding(vm.identity(), vm.directory());
    }

    private Result bootstrap(String... extra) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(
                "run",
                RepositoryFiles.root()
                        .resolve("playbooks/remote-bootstrap.yaml")
                        .toString(),
                "--vars-file",
                vm.varsFile().toString(),
                "--yes"));
        arguments.addAll(List.of(extra));
        return NixbootRun.run(vm, agent.socket(), RUN_LIMIT, arguments.toArray(String[]::new));
    }

    private void assertInstalledSystemPresentsThePreGeneratedKey() throws IOException {
        String installed = RehearsalVm.publicKey(vm.installedHostKey());
        assertThat(vm.presentedHostKey()).as("the host key after the reboot").isEqualTo(installed);
        assertThat(vm.ssh("grep -c VARIANT_ID=installer /etc/os-release || true"))
                .as("not the installer")
                .isEqualTo("0\n");
        List<String> entries = RehearsalVm.run(
                        List.of(
                                "ssh-keygen",
                                "-F",
                                "[127.0.0.1]:" + vm.port(),
                                "-f",
                                vm.knownHosts().toString()),
                        Duration.ofSeconds(10),
                        Map.of())
                .lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .toList();
        assertThat(entries)
                .as("known_hosts for [127.0.0.1]:%d", vm.port())
                .isNotEmpty()
                .allSatisfy(entry -> assertThat(entry).endsWith(installed));
    }

    private void assertHardwareConfigurationDescribesTheVm() throws IOException {
        String hardware =
                Files.readString(vm.nixConfig().resolve("hosts/" + RehearsalVm.HOST + "/hardware-configuration.nix"));
        assertThat(hardware)
                .contains("(modulesPath + \"/profiles/qemu-guest.nix\")")
                .contains("boot.initrd.availableKernelModules = [ \"virtio_pci\" \"virtio_blk\" ];")
                .as("disko declares the file systems")
                .doesNotContain("fileSystems");
    }

    /** The GPT partitions of the guest's disk, "type-guid name" each, in order. */
    private List<String> partitions() throws IOException {
        return vm.ssh("for p in /dev/vda[0-9]*; do blkid -p -s PART_ENTRY_TYPE -s PART_ENTRY_NAME -o value \"$p\""
                        + " | tr '\\n' ' '; echo; done")
                .lines()
                .map(String::strip)
                .map(l -> {
                    String[] parts = l.split(" ");
                    return parts[1] + " " + parts[0];
                })
                .toList();
    }

    private String hostArguments() throws IOException {
        return Files.readString(vm.nixConfig().resolve("nixos-installer/hosts/" + RehearsalVm.HOST + ".json"));
    }

    private List<String> history(String repository) throws IOException {
        return git(vm.remote(repository), "log", "--format=%H %s", "main")
                .lines()
                .toList();
    }

    private static String git(Path repository, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repository.toString()));
        command.addAll(List.of(arguments));
        return RehearsalVm.run(command, Duration.ofSeconds(30), Map.of());
    }

    private static String fingerprint(String publicKey) throws IOException {
        return RehearsalVm.run(
                        List.of("sh", "-c", "echo \"$0\" | ssh-keygen -lf -", publicKey),
                        Duration.ofSeconds(10),
                        Map.of())
                .split(" ")[1];
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
