package dev.nixboot.cli.rehearsal;

import static dev.nixboot.cli.rehearsal.SimulatedTarget.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.rehearsal.Nixboot.Result;
import dev.nixboot.cli.testing.RepositoryFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The default playbook, run by the real {@code nixboot} command against the simulated target: a real sshd on its own
 * loopback address whose sessions see the simulated machine's files, real git repositories with bare remotes and a
 * git server over SSH, the real {@code age}, {@code ssh-keygen}, {@code ssh}, {@code tar} and {@code git}; stand-ins
 * (cli/src/test/resources/rehearsal/, each citing the upstream source it follows) only for nixos-anywhere, nix,
 * nixos-rebuild, nixos-generate-config, nixos-install, switch-to-configuration, sudo, reboot and sops.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RemoteBootstrapRehearsalTest {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);
    private static final String PASSPHRASE = "rehearsal passphrase 7f3a";

    private SimulatedTarget target;
    private SshAgent agent;
    private Nixboot nixboot;
    private Path secretVars;

    @BeforeEach
    void bootTheInstaller() throws IOException, InterruptedException {
        boot("installer", "uefi");
    }

    private void boot(String system, String firmware) throws IOException, InterruptedException {
        shutDown();
        target = SimulatedTarget.up(system, firmware);
        agent = SshAgent.holding(target.identity(), target.directory());
        nixboot = new Nixboot(target, agent);
        // Secrets go in a vars file (0600), never on a command line.
        secretVars = target.directory().resolve("secret-vars.yaml");
        Files.writeString(secretVars, "luks_passphrase: " + PASSPHRASE + "\n");
        Files.setPosixFilePermissions(secretVars, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void shutDown() throws IOException {
        try {
            if (nixboot != null) {
                nixboot.close();
            }
            if (agent != null) {
                agent.close();
            }
        } finally {
            if (target != null) {
                target.close();
            }
            nixboot = null;
            agent = null;
            target = null;
        }
    }

    @Test
    void bootstrapsTheHostEndToEndThenChangesNothingWhenRunAgain() throws Exception {
        Result first = bootstrap("--var", "at_console=true");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(target.system()).isEqualTo("installed");
        assertKnownHostsTrustExactlyTheInstalledKey();
        assertHardwareConfigurationGeneratedByNixosAnywhere();
        assertInstallerCalledWithTheHostsArguments(1, "uefi");
        assertLuksPassphraseReachedTheTargetThroughNixosAnywhere(first);
        assertSopsYamlHoldsTheHostsAndUsersAgeKeys();
        assertSecretsRekeyedAfterTheKeysWereAdded();
        assertCommitsOnBothRemotes();
        assertLockPinsThePushedSecrets();
        assertTreesSyncedWithoutIgnoredFiles();
        assertRebuiltFromTheSourceWithTheInstalledKeyTrusted(first);

        byte[] knownHosts = Files.readAllBytes(target.knownHosts());
        byte[] sopsYaml = Files.readAllBytes(target.nixSecrets().resolve(".sops.yaml"));
        List<String> configHistory = target.history("nix-config");
        List<String> secretsHistory = target.history("nix-secrets");
        target.rebootInstaller();

        Result second = bootstrap("--var", "at_console=true");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(target.calls("nixos-anywhere"))
                .as("the second run installed again")
                .hasSize(2);
        assertThat(Files.readAllBytes(target.knownHosts()))
                .as("known_hosts after the second run")
                .isEqualTo(knownHosts);
        assertThat(Files.readAllBytes(target.nixSecrets().resolve(".sops.yaml")))
                .as(".sops.yaml after the second run")
                .isEqualTo(sopsYaml);
        assertThat(target.history("nix-config"))
                .as("no new (empty) commits in nix-config")
                .isEqualTo(configHistory);
        assertThat(target.history("nix-secrets"))
                .as("no new (empty) commits in nix-secrets")
                .isEqualTo(secretsHistory);
        assertThat(git(target.nixConfig(), "status", "--porcelain")).isEmpty();
        assertThat(git(target.nixSecrets(), "status", "--porcelain")).isEmpty();
    }

    /**
     * A VPS running another Linux, booted from BIOS: nixos-anywhere kexecs it into its installer, which answers on
     * port 22 (no --post-kexec-ssh-port: the playbook's ssh_port is the VPS's and the installed system's), generates
     * the hardware configuration there and installs GRUB's layout. Run with umask 077, from outside nix-config, with
     * an older Nix and the rebuild on the host, whose root fetches nix-secrets with the git server's key from your
     * known_hosts. With less memory than the kexec image needs, it is refused before anything is erased.
     */
    @Test
    void kexecsAPlainLinuxTargetThenChangesNothingWhenRunAgain() throws Exception {
        boot("linux", "bios");
        Files.writeString(target.source().resolve("nix-version"), "2.18.1");
        nixboot.from(target.directory()).withUmask("077");
        String[] options = {
            "--var",
            "rebuild_on=target",
            "--var",
            "persist_dir=/persist",
            "--var",
            "keys_dir=.nixboot/keys",
            "--var",
            "at_console=true"
        };
        // Too little memory for the kexec image (nixos-anywhere docs/requirements.md): refused before the wipe.
        target.memory(1015808);
        Result small = bootstrap(options);
        assertThat(small.exitCode()).as(small.toString()).isEqualTo(1);
        assertThat(small.output()).contains("target_system").contains("992 MiB of RAM");
        assertThat(target.calls("nixos-anywhere")).as("nothing installed").isEmpty();
        target.memory(4028156);

        Result first = bootstrap(options);

        assertThat(first.exitCode()).as(first.toString()).isZero();
        Call install = target.calls("nixos-anywhere").get(0);
        assertThat(install.arguments())
                .containsSubsequence(
                        "--kexec",
                        target.directory()
                                .resolve("kexec/nixos-kexec-installer-rehearsal.tar.gz")
                                .toString())
                .doesNotContain("--post-kexec-ssh-port");
        assertThat(install.note("phases")).hasValue("kexec");
        assertThat(install.note("facts"))
                .hasValueSatisfying(
                        facts -> assertThat(facts).contains("isInstaller=n").contains("isInstaller=y"));
        assertThat(target.calls("nixos-generate-config"))
                .singleElement()
                .extracting(Call::arguments)
                .isEqualTo(List.of("--show-hardware-config", "--no-filesystems"));
        assertThat(install.note("host-args.json")).hasValueSatisfying(json -> assertThat(json)
                .contains("\"boot\": \"bios\"")
                .contains("\"sshPort\": " + target.port())
                .contains("\"persistDir\": \"/persist\""));
        // Under umask 077 ssh-keygen's directories would be 0700 and become the installed system's /etc.
        assertThat(target.calls("nixos-install").get(0).note("root")).hasValueSatisfying(root -> assertThat(root)
                .contains(
                        "persist 755 d",
                        "persist/etc 755 d",
                        "persist/etc/ssh 755 d",
                        "persist/etc/ssh/ssh_host_ed25519_key 600 f",
                        "persist/etc/machine-id 444 f"));
        assertThat(target.calls("nix"))
                .as("Nix 2.18 has no 'flake update INPUT'")
                .anySatisfy(nix -> assertThat(nix.arguments())
                        .containsSubsequence("flake", "lock", "--update-input", "nix-secrets"));
        assertLockPinsThePushedSecrets();
        String rootKnownHosts = Files.readString(target.rootHome().resolve(".ssh/known_hosts"));
        assertThat(rootKnownHosts).isEqualTo(forgeKnownHostsLine() + "\n");
        Call rebuild = target.calls("nixos-rebuild").get(0);
        assertThat(rebuild.note("user")).hasValue("root");
        assertThat(rebuild.note("agent")).as("agent forwarded through sudo").hasValue("yes");
        assertThat(target.calls("switch-to-configuration")).singleElement();
        assertThat(target.keysDir().resolve("gusto/extra-files/persist/etc/ssh/ssh_host_ed25519_key"))
                .as("keys_dir is taken inside nix_config, wherever nixboot runs")
                .exists();
        assertThat(target.system()).isEqualTo("installed");

        List<String> configHistory = target.history("nix-config");
        byte[] lock = Files.readAllBytes(target.nixConfig().resolve("flake.lock"));
        target.rebootInstaller();
        assertThat(target.system()).isEqualTo("linux");

        Result second = bootstrap(options);

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(target.calls("nixos-anywhere")).hasSize(2);
        assertThat(target.history("nix-config"))
                .as("no new commits in nix-config")
                .isEqualTo(configHistory);
        assertThat(Files.readAllBytes(target.nixConfig().resolve("flake.lock"))).isEqualTo(lock);
        assertThat(Files.readString(target.rootHome().resolve(".ssh/known_hosts")))
                .isEqualTo(rootKnownHosts);
        assertThat(git(target.nixConfig(), "status", "--porcelain")).isEmpty();
    }

    /** What the rebuild gets when flake.lock still pins the nix-secrets revision from before the host was added. */
    @Test
    void aLockNotUpdatedAfterThePushFailsTheActivation() throws Exception {
        Result result = bootstrap("--var", "secrets_input=", "--var", "at_console=true");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.output())
                .contains("rebuild_from_source")
                .contains("failed to decrypt secrets")
                .contains("was flake.lock updated");
    }

    @Test
    void refusesBeforeTheWipeWhatCouldNotWorkAfterIt() throws Exception {
        boot("installer", "bios");

        Result typo = bootstrap("--var", "host=gutso", "--var", "at_console=true");
        assertThat(typo.exitCode()).as(typo.toString()).isEqualTo(1);
        assertThat(typo.output())
                .contains("evaluate")
                .contains("does not provide attribute")
                .contains("nixosConfigurations.gutso")
                .contains("nix-config is as it was");
        assertThat(git(target.nixConfig(), "status", "--porcelain"))
                .as("the typo left nothing behind")
                .isEmpty();

        // A module that reads an argument the host has not got: Nix fails to evaluate the full configuration.
        Path gusto = target.nixConfig().resolve("hosts/gusto/default.nix");
        String configuration = Files.readString(gusto);
        Files.writeString(
                gusto,
                configuration.replace(
                        "  system.stateVersion",
                        "  services.openssh.ports = [ hostArgs.sshport ];\n  system.stateVersion"));
        git(target.nixConfig(), "commit", "-q", "-a", "-m", "gusto: a broken module");
        Result broken = bootstrap("--var", "at_console=true");
        assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(1);
        assertThat(broken.output())
                .contains("evaluate")
                .contains("attribute 'sshport' missing")
                .contains("hosts/gusto/default.nix")
                .contains("nix-config is as it was");
        git(target.nixConfig(), "reset", "-q", "--hard", "HEAD~1");

        Result uefi = bootstrap("--var", "boot=uefi", "--var", "at_console=true");
        assertThat(uefi.exitCode()).as(uefi.toString()).isEqualTo(1);
        assertThat(uefi.output()).contains("boot=uefi, but the target booted without UEFI");

        Result luks = bootstrap();
        assertThat(luks.exitCode()).as(luks.toString()).isEqualTo(1);
        assertThat(luks.output())
                .contains("luks_needs_console")
                .contains("at_console=true")
                .doesNotContain(PASSPHRASE);

        Files.writeString(target.knownHosts(), "");
        Result unknownServer = bootstrap("--var", "at_console=true", "--var", "rebuild_on=target");
        assertThat(unknownServer.exitCode()).as(unknownServer.toString()).isEqualTo(1);
        assertThat(unknownServer.output()).contains("git_server_keys").contains("whose host key is not in");

        assertThat(target.calls("nixos-anywhere")).as("nothing installed").isEmpty();
        assertThat(target.system()).isEqualTo("installer");
        assertThat(target.history("nix-secrets")).hasSize(1);
    }

    @Test
    void resumesAfterAnInterruptionWithoutInstallingAgain() throws Exception {
        target.outcome("wait-for-power");
        Nixboot.Running running = nixboot.start(runArguments("--var", "at_console=true"));
        Path booting = target.directory().resolve("target/booting.pid");
        assertThat(running.awaitOutput(
                        output -> Files.exists(booting) && output.contains("wait_installed"), Duration.ofSeconds(90)))
                .as("the install finished and the wait began")
                .isTrue();

        running.interrupt();
        Result interrupted = running.await(Duration.ofSeconds(20));

        assertThat(interrupted.exitCode()).as(interrupted.toString()).isEqualTo(130);
        assertThat(target.history("nix-secrets"))
                .as("nothing pushed before the host came back")
                .hasSize(1);

        target.powerOn();
        Result resumed = bootstrap("--resume", "--var", "at_console=true");

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(target.calls("nixos-anywhere"))
                .as("the resumed run did not install again")
                .hasSize(1);
        assertKnownHostsTrustExactlyTheInstalledKey();
        assertSopsYamlHoldsTheHostsAndUsersAgeKeys();
        assertCommitsOnBothRemotes();
        assertThat(target.calls("switch-to-configuration")).hasSize(1);
    }

    @Test
    void failsClearlyWhenTheInstalledSystemNeverComesBack() throws Exception {
        target.outcome("never-returns");

        // Under impermanence, too: the host key travels under /persist.
        Result result =
                bootstrap("--var", "wait_timeout=2s", "--var", "persist_dir=/persist", "--var", "at_console=true");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.output())
                .contains("wait_installed")
                .contains("did not answer SSH")
                .contains("within 2s");
        Call install = target.calls("nixos-anywhere").get(0);
        assertThat(install.note("host-args.json"))
                .hasValueSatisfying(json -> assertThat(json).contains("\"persistDir\": \"/persist\""));
        assertThat(target.installRoot().resolve("persist/etc/ssh/ssh_host_ed25519_key"))
                .exists();
        assertThat(target.history("nix-secrets")).as("nix-secrets untouched").hasSize(1);
        assertThat(Files.readString(target.nixSecrets().resolve(".sops.yaml")))
                .doesNotContain("&" + SimulatedTarget.HOST);
        assertThat(target.calls("switch-to-configuration")).isEmpty();
        String installed = installedKey("/persist");
        assertThat(lookUp(target.knownHosts()))
                .as("the installed key is not trusted")
                .isNotEmpty()
                .noneSatisfy(entry -> assertThat(entry).endsWith(installed));
    }

    @Test
    void refusesAHostKeyOtherThanThePreGeneratedOne() throws Exception {
        target.outcome("wrong-key");

        Result result = bootstrap("--var", "wait_timeout=4s", "--var", "at_console=true");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        String presented = target.currentHostKey();
        assertThat(presented).isNotEqualTo(installedKey());
        assertThat(result.output()).contains("wait_installed").contains(fingerprint(installedKey()));
        assertThat(Files.readString(target.knownHosts()))
                .doesNotContain(presented.split(" ")[1]);
        assertThat(target.history("nix-secrets")).as("nix-secrets untouched").hasSize(1);
        assertThat(target.calls("switch-to-configuration")).isEmpty();
    }

    @Test
    void asksBeforeErasingTheDiskAndStopsWhenNobodyCanAnswer() throws Exception {
        List<String> arguments = new ArrayList<>(List.of(runArguments("--var", "at_console=true")));
        arguments.remove("--yes");

        Result result = nixboot.run(RUN_LIMIT, arguments.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.output()).contains("install").contains("ERASE /dev/sda on gusto");
        assertThat(target.calls("nix"))
                .as("both configurations were evaluated before the question")
                .filteredOn(call -> call.arguments().contains("eval"))
                .hasSize(3);
        assertThat(target.calls("nixos-anywhere"))
                .as("nothing installed without a yes")
                .isEmpty();
        assertThat(target.history("nix-secrets")).hasSize(1);
    }

    @Test
    void refusesAPartitionOrATooSmallDiskBeforeAnythingDestructive() throws Exception {
        Result partition = bootstrap("--var", "disk=/dev/sda1", "--var", "at_console=true");

        assertThat(partition.exitCode()).as(partition.toString()).isEqualTo(1);
        assertThat(partition.output()).contains("/dev/sda1 is a partition, not a whole disk");

        Result small = bootstrap("--var", "disk=/dev/sdb", "--var", "at_console=true");

        assertThat(small.exitCode()).as(small.toString()).isEqualTo(1);
        assertThat(small.output()).contains("/dev/sdb has 4 GiB: too small");

        Result byId = bootstrap("--var", "disk=/dev/disk/by-id/ata-REHEARSAL_DISK_0002", "--var", "at_console=true");

        assertThat(byId.exitCode()).as(byId.toString()).isEqualTo(1);
        assertThat(byId.output()).contains("ata-REHEARSAL_DISK_0002: no such disk on the target");
        assertThat(target.calls("nixos-anywhere")).isEmpty();
        assertThat(target.luksKeyFile()).doesNotExist();
    }

    /**
     * nixos-anywhere puts its own {@code -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no} before every
     * {@code --ssh-option} (src/nixos-anywhere.sh:70 and :241), and ssh keeps the first value it gets for an option:
     * a known_hosts file and strict checking given with --ssh-option change nothing, an option nixos-anywhere does not
     * set applies. The stand-in must do the same, or a rehearsal could pass a host key check the real tool skips.
     * What the arguments mean is asked of ssh itself ({@code ssh -G}, as upstream reads its settings at line 979).
     */
    @Test
    void theNixosAnywhereStandInGetsSshOptionsAsSshTakesThemFirstValueWins() throws Exception {
        // A known_hosts that gives the target another key: had ssh read it, strict checking would refuse the target.
        Path otherKey = target.directory().resolve("other_host_key");
        SimulatedTarget.command(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString()));
        Path strictKnownHosts = target.directory().resolve("strict_known_hosts");
        Files.writeString(
                strictKnownHosts,
                "[" + target.address() + "]:" + target.port() + " "
                        + SimulatedTarget.publicKey(Path.of(otherKey + ".pub")) + "\n");
        List<String> userOptions =
                List.of("UserKnownHostsFile=" + strictKnownHosts, "StrictHostKeyChecking=yes", "ServerAliveInterval=7");
        String destination = target.login() + "@" + target.address();
        List<String> command = new ArrayList<>(List.of(
                target.localTools().resolve("nixos-anywhere").toString(),
                "--flake",
                "./nixos-installer#gusto",
                "-i",
                target.identity().toString(),
                "--ssh-port",
                Integer.toString(target.port())));
        userOptions.forEach(option -> command.addAll(List.of("--ssh-option", option)));
        command.add(destination);

        Result run = runInNixConfig(command);

        Call call = target.calls("nixos-anywhere").get(0);
        List<String> recorded = call.note("ssh-args").orElseThrow().lines().toList();
        Map<String, String> used = sshSettings(recorded, destination);
        List<String> userOnly =
                userOptions.stream().flatMap(option -> Stream.of("-o", option)).toList();
        Map<String, String> userAlone = sshSettings(userOnly, destination);
        assertThat(userAlone)
                .as("the user's options on their own")
                .isEqualTo(Map.of(
                        "userknownhostsfile",
                        strictKnownHosts.toString(),
                        "stricthostkeychecking",
                        "true",
                        "serveraliveinterval",
                        "7",
                        "port",
                        "22"));
        assertThat(used)
                .as("ssh -G with the stand-in's arguments %s", recorded)
                .isEqualTo(Map.of(
                        "userknownhostsfile",
                        "/dev/null",
                        "stricthostkeychecking",
                        "false",
                        "serveraliveinterval",
                        "7",
                        "port",
                        Integer.toString(target.port())));
        // And over the real connection: the facts were gathered although the user's known_hosts names another key.
        assertThat(call.note("facts")).as(run.toString()).hasValueSatisfying(facts -> assertThat(facts)
                .contains("isInstaller=y"));
        // It stops before the disk: the installer flake has no hosts/gusto.json in this checkout.
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.output()).contains("does not provide attribute").doesNotContain("Formatting hard drive");
        assertThat(target.system()).isEqualTo("installer");
    }

    /**
     * The settings of these arguments for this destination that the test is about (known hosts file, strict checking,
     * keep-alive, port), as {@code ssh -G} reports them; no ssh configuration file is read.
     */
    private static Map<String, String> sshSettings(List<String> arguments, String destination) throws IOException {
        List<String> command = new ArrayList<>(List.of("ssh", "-F", "none"));
        command.addAll(arguments);
        command.addAll(List.of("-G", destination));
        List<String> keys = List.of("userknownhostsfile", "stricthostkeychecking", "serveraliveinterval", "port");
        Map<String, String> settings = new HashMap<>();
        for (String line : SimulatedTarget.command(command).lines().toList()) {
            String[] setting = line.split(" ", 2);
            if (setting.length == 2 && keys.contains(setting[0])) {
                settings.put(setting[0], setting[1]);
            }
        }
        return settings;
    }

    /** Runs a command from the rehearsal's nix-config with the rehearsal's HOME and tools, as nixboot would. */
    private Result runInNixConfig(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(target.directory(), "command-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(target.nixConfig().toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("HOME", target.home().toString());
        builder.environment().put("PATH", target.localTools() + ":" + System.getenv("PATH"));
        Process process = builder.start();
        if (!process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(
                    command + " did not finish within " + RUN_LIMIT + ":\n" + Files.readString(output));
        }
        return new Result(process.exitValue(), Files.readString(output));
    }

    private Result bootstrap(String... extra) throws IOException, InterruptedException {
        return nixboot.run(RUN_LIMIT, runArguments(extra));
    }

    private String[] runArguments(String... extra) {
        List<String> arguments = new ArrayList<>(List.of(
                "run",
                RepositoryFiles.root()
                        .resolve("playbooks/remote-bootstrap.yaml")
                        .toString(),
                "--vars-file",
                target.varsFile().toString(),
                "--vars-file",
                secretVars.toString(),
                "--yes"));
        arguments.addAll(List.of(extra));
        return arguments.toArray(String[]::new);
    }

    private String installedKey() throws IOException {
        return installedKey("");
    }

    private String installedKey(String persistDir) throws IOException {
        return SimulatedTarget.publicKey(Path.of(target.hostKey(persistDir) + ".pub"));
    }

    private void assertKnownHostsTrustExactlyTheInstalledKey() throws IOException {
        String installed = installedKey();
        List<String> entries = lookUp(target.knownHosts());
        assertThat(entries)
                .as("what ssh-keygen -F finds for [%s]:%d", target.address(), target.port())
                .isNotEmpty()
                .allSatisfy(entry -> assertThat(entry).endsWith(installed));
        String iso = target.isoHostKey().split(" ")[1];
        assertThat(Files.readString(target.knownHosts()))
                .as("the installer's key is forgotten")
                .doesNotContain(iso);
        List<String> lines = Files.readAllLines(target.knownHosts()).stream()
                .filter(l -> !l.isBlank())
                .toList();
        assertThat(lines).as("no duplicate lines").doesNotHaveDuplicates();
    }

    /** Entries of known_hosts for the target, found with OpenSSH's own ssh-keygen -F, as "names type key". */
    private List<String> lookUp(Path knownHosts) throws IOException {
        if (!Files.exists(knownHosts)) {
            return List.of();
        }
        String output;
        try {
            output = SimulatedTarget.command(List.of(
                    "ssh-keygen", "-F", "[" + target.address() + "]:" + target.port(), "-f", knownHosts.toString()));
        } catch (IOException notFound) {
            return List.of();
        }
        return output.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }

    private void assertHardwareConfigurationGeneratedByNixosAnywhere() throws IOException {
        Path copied = target.nixConfig().resolve("hosts/gusto/hardware-configuration.nix");
        assertThat(Files.readString(copied))
                .contains("boot.initrd.availableKernelModules")
                .as("disko declares the file systems")
                .doesNotContain("fileSystems");
        // nixos-anywhere's --generate-hardware-config runs it on the target (src/nixos-anywhere.sh:681).
        assertThat(target.calls("nixos-generate-config"))
                .singleElement()
                .extracting(Call::arguments)
                .isEqualTo(List.of("--show-hardware-config", "--no-filesystems"));
        assertThat(target.calls("nixos-anywhere").get(0).note("hardware-configuration.nix"))
                .as("what the installed configuration was built with")
                .hasValue(Files.readString(copied).strip());
    }

    private void assertInstallerCalledWithTheHostsArguments(int calls, String boot) throws IOException {
        List<Call> installs = target.calls("nixos-anywhere");
        assertThat(installs).hasSize(calls);
        Call install = installs.get(0);
        String port = Integer.toString(target.port());
        assertThat(install.arguments())
                .containsSubsequence("--flake", "./nixos-installer#gusto")
                .containsSubsequence(
                        "--generate-hardware-config",
                        "nixos-generate-config",
                        "./hosts/gusto/hardware-configuration.nix")
                .containsSubsequence(
                        "--extra-files",
                        target.keysDir().resolve("gusto/extra-files").toString())
                .containsSubsequence("--ssh-port", port)
                .as("an installer ISO is not kexec'd: no post-kexec port")
                .doesNotContain("--post-kexec-ssh-port")
                .endsWith(target.login() + "@" + target.address());
        // nixos-anywhere's own ssh arguments come first, so a later --ssh-option cannot override them
        // (src/nixos-anywhere.sh:70).
        assertThat(install.note("ssh-args"))
                .hasValueSatisfying(args -> assertThat(args.lines().toList())
                        .startsWith("-o", "IdentitiesOnly=yes", "-i")
                        .containsSubsequence(
                                "-o", "UserKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=no", "-p", port));
        assertThat(install.note("cwd")).hasValue(target.nixConfig().toString());
        String arguments = install.note("host-args.json").orElseThrow();
        assertThat(arguments)
                .contains("\"host\": \"gusto\"")
                .contains("\"disk\": \"/dev/sda\"")
                .contains("\"boot\": \"" + boot + "\"")
                .contains("\"sshPort\": " + port)
                .contains("\"swapSize\": \"8\"")
                .contains("\"withSwap\": true")
                .contains("\"user\": \"" + target.login() + "\"")
                .contains("\"luksKeyFile\": \"/tmp/disko-password\"");
        assertThat(target.nixConfig().resolve("nixos-installer/hosts/gusto.json"))
                .hasContent(arguments);
        assertThat(target.calls("nixos-install").get(0).note("root")).hasValueSatisfying(root -> assertThat(root)
                .contains(
                        "etc 755 d",
                        "etc/ssh 755 d",
                        "etc/ssh/ssh_host_ed25519_key 600 f",
                        "etc/ssh/ssh_host_ed25519_key.pub 644 f"));
    }

    private void assertLuksPassphraseReachedTheTargetThroughNixosAnywhere(Result run) throws IOException {
        Call install = target.calls("nixos-anywhere").get(0);
        int option = install.arguments().indexOf("--disk-encryption-keys");
        assertThat(option).as("--disk-encryption-keys REMOTE LOCAL").isNotNegative();
        assertThat(install.arguments().get(option + 1)).isEqualTo("/tmp/disko-password");
        assertThat(Path.of(install.arguments().get(option + 2)))
                .as("the pipe is gone after the install")
                .doesNotExist();
        assertThat(target.luksKeyFile()).hasContent(PASSPHRASE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.luksKeyFile())))
                .isEqualTo("rw-------");
        assertThat(run.output()).doesNotContain(PASSPHRASE);
        for (Call call : target.calls("nixos-anywhere")) {
            assertThat(call.arguments())
                    .noneSatisfy(argument -> assertThat(argument).contains(PASSPHRASE));
        }
        Path state = target.nixConfig().resolve(".nixboot");
        try (Stream<Path> files = Files.walk(state)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as("%s", file).doesNotContain(PASSPHRASE);
            }
        }
    }

    /** flake.lock pins the nix-secrets commit that holds the host's key, the head of the remote. */
    private void assertLockPinsThePushedSecrets() throws IOException {
        String head = git(target.remote("nix-secrets"), "rev-parse", "main").strip();
        assertThat(Files.readString(target.nixConfig().resolve("flake.lock"))).contains("\"rev\": \"" + head + "\"");
        assertThat(git(target.remote("nix-config"), "show", "main:flake.lock")).contains("\"rev\": \"" + head + "\"");
    }

    private void assertRebuiltFromTheSourceWithTheInstalledKeyTrusted(Result run) throws IOException {
        Call rebuild = target.calls("nixos-rebuild-source").stream()
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(rebuild.arguments())
                .containsExactly(
                        "switch",
                        "--flake",
                        ".#gusto",
                        "--target-host",
                        target.login() + "@" + target.address(),
                        "--use-remote-sudo");
        assertThat(rebuild.note("nix-sshopts")).hasValueSatisfying(options -> assertThat(options)
                .contains("-p " + target.port())
                .contains("UserKnownHostsFile=" + target.knownHosts())
                .contains("StrictHostKeyChecking=yes"));
        assertThat(target.calls("switch-to-configuration")).last().satisfies(call -> assertThat(call.note("user"))
                .hasValue("root"));
        assertThat(target.calls("nixos-rebuild"))
                .as("nothing built on the host")
                .isEmpty();
        assertThat(run.output()).as("rebuild output streamed").contains("sops-install-secrets: imported secrets");
    }

    private String forgeKnownHostsLine() throws IOException {
        return Files.readAllLines(target.knownHosts()).stream()
                .filter(l -> l.startsWith("[127.0.0.1]:"))
                .findFirst()
                .orElseThrow();
    }

    private void assertSopsYamlHoldsTheHostsAndUsersAgeKeys() throws IOException {
        String sops = Files.readString(target.nixSecrets().resolve(".sops.yaml"));
        String hostRecipient = anchored(sops, SimulatedTarget.HOST);
        // The real age: what is encrypted to the recipient in .sops.yaml opens with the host key's own age identity.
        Path identity = target.directory().resolve("host-age-identity.txt");
        Files.writeString(identity, AgeOracle.identityOf(target.hostKey()) + "\n");
        Path sealed = target.directory().resolve("sealed.age");
        SimulatedTarget.command(
                List.of("sh", "-c", "echo rehearsal | age -r \"$0\" -o \"$1\"", hostRecipient, sealed.toString()));
        assertThat(SimulatedTarget.command(List.of("age", "-d", "-i", identity.toString(), sealed.toString())))
                .isEqualTo("rehearsal\n");

        Path userKey = target.targetHome().resolve(".config/sops/age/keys.txt");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(userKey)))
                .isEqualTo("rw-------");
        String userRecipient = SimulatedTarget.command(List.of("age-keygen", "-y", userKey.toString()))
                .strip();
        assertThat(anchored(sops, target.login() + "_" + SimulatedTarget.HOST)).isEqualTo(userRecipient);

        String rules = sops.substring(sops.indexOf("creation_rules:"));
        assertThat(rules)
                .contains("*" + SimulatedTarget.HOST)
                .contains("*" + target.login() + "_" + SimulatedTarget.HOST)
                .contains("*ta")
                .contains("*grief");
        // The user's key on this host opens this host's secrets and the shared ones, not another host's.
        assertThat(rules).contains("path_regex: grief\\.yaml$");
        String otherHost = rules.substring(rules.indexOf("path_regex: grief\\.yaml$"));
        int next = otherHost.indexOf("- path_regex");
        otherHost = next < 0 ? otherHost : otherHost.substring(0, next);
        assertThat(otherHost).contains("*grief").doesNotContain("*" + target.login() + "_" + SimulatedTarget.HOST);
    }

    /** The age key an anchor names in .sops.yaml ({@code - &name age1...}). */
    private static String anchored(String sops, String name) {
        List<String> keys = sops.lines()
                .map(String::strip)
                .filter(l -> l.startsWith("- &" + name + " "))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .toList();
        assertThat(keys).as("anchors &%s in .sops.yaml:\n%s", name, sops).singleElement();
        assertThat(keys.get(0)).startsWith("age1");
        return keys.get(0);
    }

    private void assertSecretsRekeyedAfterTheKeysWereAdded() throws IOException {
        String sops = Files.readString(target.nixSecrets().resolve(".sops.yaml"));
        List<Call> calls = target.calls("sops");
        assertThat(calls).isNotEmpty();
        Call last = calls.get(calls.size() - 1);
        assertThat(last.arguments()).startsWith("updatekeys").contains("-y");
        assertThat(last.arguments().get(last.arguments().size() - 1)).endsWith("shared.yaml");
        assertThat(last.note("sops.yaml")).as(".sops.yaml as sops saw it").hasValue(sops.strip());
    }

    private void assertCommitsOnBothRemotes() throws IOException {
        List<String> secrets = target.history("nix-secrets");
        assertThat(secrets).hasSize(2);
        assertThat(git(target.remote("nix-secrets"), "show", "--name-only", "--format=", "main")
                        .lines())
                .contains(".sops.yaml");
        List<String> config = target.history("nix-config");
        assertThat(config).hasSize(2);
        assertThat(git(target.remote("nix-config"), "show", "--name-only", "--format=", "main")
                        .lines())
                .containsExactlyInAnyOrder(
                        "hosts/gusto/hardware-configuration.nix", "nixos-installer/hosts/gusto.json", "flake.lock");
        git(target.remote("nix-config"), "fsck", "--strict");
        git(target.remote("nix-secrets"), "fsck", "--strict");
    }

    private void assertTreesSyncedWithoutIgnoredFiles() throws IOException {
        Path config = target.targetHome().resolve("nix-config");
        assertThat(config.resolve("flake.nix"))
                .hasSameTextualContentAs(target.nixConfig().resolve("flake.nix"));
        assertThat(config.resolve("hosts/gusto/hardware-configuration.nix"))
                .hasSameTextualContentAs(target.nixConfig().resolve("hosts/gusto/hardware-configuration.nix"));
        assertThat(config.resolve("nixos-installer/flake.nix")).exists();
        assertThat(Files.exists(config.resolve("result"), LinkOption.NOFOLLOW_LINKS))
                .as("ignored result link")
                .isFalse();
        assertThat(config.resolve(".nixboot"))
                .as("run state and private host keys stay behind")
                .doesNotExist();
        Path secrets = target.targetHome().resolve("nix-secrets");
        assertThat(secrets.resolve(".sops.yaml"))
                .hasSameTextualContentAs(target.nixSecrets().resolve(".sops.yaml"));
        assertThat(secrets.resolve("shared.yaml")).exists();
    }

    private static String fingerprint(String publicKey) throws IOException {
        return SimulatedTarget.command(List.of("sh", "-c", "echo \"$0\" | ssh-keygen -lf -", publicKey))
                .split(" ")[1];
    }
}
