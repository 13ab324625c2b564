package dev.nixboot.cli.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.rehearsal.Nixboot.Result;
import dev.nixboot.cli.testing.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The default playbook, run by the real {@code nixboot} command against the simulated installer target: a real sshd
 * on a loopback port, real git repositories with bare remotes, the real {@code age}, {@code ssh-keygen} and
 * {@code git} to check the results; stand-ins only for nixos-generate-config, nixos-anywhere, nixos-rebuild, sudo,
 * lsblk, sops and nix, which record their calls.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RemoteBootstrapRehearsalTest {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);
    private static final String PASSPHRASE = "rehearsal passphrase 7f3a";

    private SimulatedTarget target;
    private SshAgent agent;
    private Nixboot nixboot;
    private Path secretVars;

    @BeforeEach
    void bootTheInstaller() throws IOException, InterruptedException {
        target = SimulatedTarget.up();
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
        }
    }

    @Test
    void bootstrapsTheHostEndToEndThenChangesNothingWhenRunAgain() throws Exception {
        Result first = bootstrap();

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertKnownHostsTrustExactlyTheInstalledKey();
        assertHardwareConfigurationInNixConfig();
        assertInstallerCalledWithTheHostsArguments(1);
        assertLuksPassphrasePlacedAndNeverShown(first);
        assertSopsYamlHoldsTheHostsAndUsersAgeKeys();
        assertSecretsRekeyedAfterTheKeysWereAdded();
        assertCommitsOnBothRemotes();
        assertTreesSyncedWithoutIgnoredFiles();
        assertRebuildRanOnTheHostWithTheAgent(first);

        byte[] knownHosts = Files.readAllBytes(target.knownHosts());
        byte[] sopsYaml = Files.readAllBytes(target.nixSecrets().resolve(".sops.yaml"));
        List<String> configHistory = history("nix-config");
        List<String> secretsHistory = history("nix-secrets");
        target.rebootInstaller();

        Result second = bootstrap();

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(target.calls("nixos-anywhere")).as("the second run installed again").hasSize(2);
        assertThat(Files.readAllBytes(target.knownHosts())).as("known_hosts after the second run")
                .isEqualTo(knownHosts);
        assertThat(Files.readAllBytes(target.nixSecrets().resolve(".sops.yaml"))).as(".sops.yaml after the second run")
                .isEqualTo(sopsYaml);
        assertThat(history("nix-config")).as("no new (empty) commits in nix-config").isEqualTo(configHistory);
        assertThat(history("nix-secrets")).as("no new (empty) commits in nix-secrets").isEqualTo(secretsHistory);
        assertThat(git(target.nixConfig(), "status", "--porcelain")).isEmpty();
        assertThat(git(target.nixSecrets(), "status", "--porcelain")).isEmpty();
    }

    @Test
    void resumesAfterAnInterruptionWithoutInstallingAgain() throws Exception {
        target.outcome("wait-for-power");
        Nixboot.Running running = nixboot.start(runArguments());
        Path booting = target.directory().resolve("target/booting.pid");
        assertThat(running.awaitOutput(output -> Files.exists(booting) && output.contains("wait_installed"),
                Duration.ofSeconds(45))).as("the install finished and the wait began").isTrue();

        running.interrupt();
        Result interrupted = running.await(Duration.ofSeconds(20));

        assertThat(interrupted.exitCode()).as(interrupted.toString()).isEqualTo(130);
        assertThat(history("nix-secrets")).as("nothing pushed before the host came back").hasSize(1);

        target.powerOn();
        Result resumed = bootstrap("--resume");

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(target.calls("nixos-anywhere")).as("the resumed run did not install again").hasSize(1);
        assertKnownHostsTrustExactlyTheInstalledKey();
        assertSopsYamlHoldsTheHostsAndUsersAgeKeys();
        assertCommitsOnBothRemotes();
        assertThat(target.calls("nixos-rebuild")).hasSize(1);
    }

    @Test
    void failsClearlyWhenTheInstalledSystemNeverComesBack() throws Exception {
        target.outcome("never-returns");

        // Under impermanence, too: the host key travels under /persist.
        Result result = bootstrap("--var", "wait_timeout=2s", "--var", "persist_dir=/persist");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.output()).contains("wait_installed").contains("did not answer SSH").contains("within 2s");
        Call install = target.calls("nixos-anywhere").get(0);
        assertThat(install.note("extra-files")).hasValueSatisfying(tree -> assertThat(tree)
                .contains("persist/etc/ssh/ssh_host_ed25519_key 600"));
        assertThat(install.note("host-args.json")).hasValueSatisfying(json -> assertThat(json)
                .contains("\"persistDir\": \"/persist\""));
        assertThat(history("nix-secrets")).as("nix-secrets untouched").hasSize(1);
        assertThat(Files.readString(target.nixSecrets().resolve(".sops.yaml"))).doesNotContain("&" + SimulatedTarget.HOST);
        assertThat(target.calls("nixos-rebuild")).isEmpty();
        String installed = installedKey("/persist");
        assertThat(lookUp(target.knownHosts())).as("the installed key is not trusted").isNotEmpty()
                .noneSatisfy(entry -> assertThat(entry).endsWith(installed));
    }

    @Test
    void refusesAHostKeyOtherThanThePreGeneratedOne() throws Exception {
        target.outcome("wrong-key");

        Result result = bootstrap("--var", "wait_timeout=4s");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        String presented = target.currentHostKey();
        assertThat(presented).isNotEqualTo(installedKey());
        assertThat(result.output()).contains("wait_installed").contains(fingerprint(installedKey()));
        assertThat(Files.readString(target.knownHosts())).doesNotContain(presented.split(" ")[1]);
        assertThat(history("nix-secrets")).as("nix-secrets untouched").hasSize(1);
        assertThat(target.calls("nixos-rebuild")).isEmpty();
    }

    @Test
    void asksBeforeErasingTheDiskAndStopsWhenNobodyCanAnswer() throws Exception {
        List<String> arguments = new ArrayList<>(List.of(runArguments()));
        arguments.remove("--yes");

        Result result = nixboot.run(RUN_LIMIT, arguments.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.output()).contains("install").contains("ERASE /dev/sda on gusto");
        assertThat(target.calls("nixos-generate-config")).as("the checks before the question ran").hasSize(1);
        assertThat(target.calls("nixos-anywhere")).as("nothing installed without a yes").isEmpty();
        assertThat(history("nix-secrets")).hasSize(1);
    }

    @Test
    void refusesAPartitionOrATooSmallDiskBeforeAnythingDestructive() throws Exception {
        Result partition = bootstrap("--var", "disk=/dev/sda1");

        assertThat(partition.exitCode()).as(partition.toString()).isEqualTo(1);
        assertThat(partition.output()).contains("/dev/sda1 is a part, not a whole disk");

        Result small = bootstrap("--var", "disk=/dev/sdb");

        assertThat(small.exitCode()).as(small.toString()).isEqualTo(1);
        assertThat(small.output()).contains("/dev/sdb has 4 GiB: too small");
        assertThat(target.calls("nixos-anywhere")).isEmpty();
        assertThat(target.calls("nixos-generate-config")).isEmpty();
        assertThat(target.luksKeyFile()).doesNotExist();
    }

    private Result bootstrap(String... extra) throws IOException, InterruptedException {
        return nixboot.run(RUN_LIMIT, runArguments(extra));
    }

    private String[] runArguments(String... extra) {
        List<String> arguments = new ArrayList<>(List.of("run",
                RepositoryFiles.root().resolve("playbooks/remote-bootstrap.yaml").toString(),
                "--vars-file", target.varsFile().toString(), "--vars-file", secretVars.toString(), "--yes"));
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
        assertThat(entries).as("what ssh-keygen -F finds for [127.0.0.1]:%d", target.port()).isNotEmpty()
                .allSatisfy(entry -> assertThat(entry).endsWith(installed));
        String iso = target.isoHostKey().split(" ")[1];
        assertThat(Files.readString(target.knownHosts())).as("the installer's key is forgotten").doesNotContain(iso);
        List<String> lines = Files.readAllLines(target.knownHosts()).stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("no duplicate lines").doesNotHaveDuplicates();
    }

    /** Entries of known_hosts for the target, found with OpenSSH's own ssh-keygen -F, as "names type key". */
    private List<String> lookUp(Path knownHosts) throws IOException {
        if (!Files.exists(knownHosts)) {
            return List.of();
        }
        String output;
        try {
            output = SimulatedTarget.command(List.of("ssh-keygen", "-F", "[127.0.0.1]:" + target.port(), "-f",
                    knownHosts.toString()));
        } catch (IOException notFound) {
            return List.of();
        }
        return output.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }

    private void assertHardwareConfigurationInNixConfig() throws IOException {
        Path copied = target.nixConfig().resolve("hosts/gusto/hardware-configuration.nix");
        Path generated = target.installRoot().resolve("etc/nixos/hardware-configuration.nix");
        assertThat(copied).hasSameTextualContentAs(generated);
        assertThat(Files.readString(copied)).contains("boot.initrd.availableKernelModules")
                .as("disko declares the file systems").doesNotContain("fileSystems");
        assertThat(target.calls("nixos-generate-config")).singleElement().extracting(Call::arguments)
                .isEqualTo(List.of("--no-filesystems", "--root", target.installRoot().toString()));
    }

    private void assertInstallerCalledWithTheHostsArguments(int calls) throws IOException {
        List<Call> installs = target.calls("nixos-anywhere");
        assertThat(installs).hasSize(calls);
        Call install = installs.get(0);
        String port = Integer.toString(target.port());
        assertThat(install.arguments()).containsSubsequence("--flake", "./nixos-installer#gusto")
                .containsSubsequence("--extra-files", target.keysDir().resolve("gusto/extra-files").toString())
                .containsSubsequence("--ssh-port", port)
                .containsSubsequence("--post-kexec-ssh-port", port)
                .endsWith(target.login() + "@127.0.0.1");
        assertThat(install.note("cwd")).hasValue(target.nixConfig().toString());
        assertThat(install.note("extra-files")).hasValueSatisfying(tree -> assertThat(tree)
                .contains("etc/ssh/ssh_host_ed25519_key 600").contains("etc/ssh/ssh_host_ed25519_key.pub"));
        String arguments = install.note("host-args.json").orElseThrow();
        assertThat(arguments).contains("\"host\": \"gusto\"").contains("\"disk\": \"/dev/sda\"")
                .contains("\"swapSize\": \"8\"").contains("\"withSwap\": true")
                .contains("\"user\": \"" + target.login() + "\"")
                .contains("\"luksKeyFile\": \"" + target.luksKeyFile() + "\"");
        assertThat(target.nixConfig().resolve("nixos-installer/hosts/gusto.json")).hasContent(arguments);
    }

    private void assertLuksPassphrasePlacedAndNeverShown(Result run) throws IOException {
        assertThat(target.luksKeyFile()).hasContent(PASSPHRASE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.luksKeyFile())))
                .isEqualTo("rw-------");
        assertThat(run.output()).doesNotContain(PASSPHRASE);
        Path state = target.nixConfig().resolve(".nixboot");
        try (Stream<Path> files = Files.walk(state)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as("%s", file).doesNotContain(PASSPHRASE);
            }
        }
    }

    private void assertSopsYamlHoldsTheHostsAndUsersAgeKeys() throws IOException {
        String sops = Files.readString(target.nixSecrets().resolve(".sops.yaml"));
        String hostRecipient = anchored(sops, SimulatedTarget.HOST);
        // The real age: what is encrypted to the recipient in .sops.yaml opens with the host key's own age identity.
        Path identity = target.directory().resolve("host-age-identity.txt");
        Files.writeString(identity, AgeOracle.identityOf(target.hostKey()) + "\n");
        Path sealed = target.directory().resolve("sealed.age");
        SimulatedTarget.command(List.of("sh", "-c", "echo rehearsal | age -r \"$0\" -o \"$1\"", hostRecipient,
                sealed.toString()));
        assertThat(SimulatedTarget.command(List.of("age", "-d", "-i", identity.toString(), sealed.toString())))
                .isEqualTo("rehearsal\n");

        Path userKey = target.targetHome().resolve(".config/sops/age/keys.txt");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(userKey))).isEqualTo("rw-------");
        String userRecipient = SimulatedTarget.command(List.of("age-keygen", "-y", userKey.toString())).strip();
        assertThat(anchored(sops, target.login() + "_" + SimulatedTarget.HOST)).isEqualTo(userRecipient);

        String rules = sops.substring(sops.indexOf("creation_rules:"));
        assertThat(rules).contains("*" + SimulatedTarget.HOST).contains("*" + target.login() + "_" + SimulatedTarget.HOST)
                .contains("*ta").contains("*grief");
        // The user's key on this host opens this host's secrets and the shared ones, not another host's.
        assertThat(rules).contains("path_regex: grief\\.yaml$");
        String otherHost = rules.substring(rules.indexOf("path_regex: grief\\.yaml$"));
        int next = otherHost.indexOf("- path_regex");
        otherHost = next < 0 ? otherHost : otherHost.substring(0, next);
        assertThat(otherHost).contains("*grief").doesNotContain("*" + target.login() + "_" + SimulatedTarget.HOST);
    }

    /** The age key an anchor names in .sops.yaml ({@code - &name age1...}). */
    private static String anchored(String sops, String name) {
        List<String> keys = sops.lines().map(String::strip).filter(l -> l.startsWith("- &" + name + " "))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
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
        List<String> secrets = history("nix-secrets");
        assertThat(secrets).hasSize(2);
        assertThat(git(target.remote("nix-secrets"), "show", "--name-only", "--format=", "main").lines())
                .contains(".sops.yaml");
        List<String> config = history("nix-config");
        assertThat(config).hasSize(2);
        assertThat(git(target.remote("nix-config"), "show", "--name-only", "--format=", "main").lines())
                .containsExactlyInAnyOrder("hosts/gusto/hardware-configuration.nix", "nixos-installer/hosts/gusto.json");
        git(target.remote("nix-config"), "fsck", "--strict");
        git(target.remote("nix-secrets"), "fsck", "--strict");
    }

    private void assertTreesSyncedWithoutIgnoredFiles() throws IOException {
        Path config = target.targetHome().resolve("nix-config");
        assertThat(config.resolve("flake.nix")).hasSameTextualContentAs(target.nixConfig().resolve("flake.nix"));
        assertThat(config.resolve("hosts/gusto/hardware-configuration.nix"))
                .hasSameTextualContentAs(target.nixConfig().resolve("hosts/gusto/hardware-configuration.nix"));
        assertThat(config.resolve("nixos-installer/flake.nix")).exists();
        assertThat(Files.exists(config.resolve("result"), LinkOption.NOFOLLOW_LINKS)).as("ignored result link").isFalse();
        assertThat(config.resolve(".nixboot")).as("run state and private host keys stay behind").doesNotExist();
        Path secrets = target.targetHome().resolve("nix-secrets");
        assertThat(secrets.resolve(".sops.yaml")).hasSameTextualContentAs(target.nixSecrets().resolve(".sops.yaml"));
        assertThat(secrets.resolve("shared.yaml")).exists();
    }

    private void assertRebuildRanOnTheHostWithTheAgent(Result run) throws IOException {
        Call rebuild = target.calls("nixos-rebuild").stream().reduce((a, b) -> b).orElseThrow();
        assertThat(rebuild.arguments()).containsExactly("switch", "--flake", ".#gusto");
        assertThat(rebuild.note("cwd")).hasValue(target.targetHome().resolve("nix-config").toString());
        assertThat(rebuild.note("agent")).as("agent forwarded through sudo").hasValue("yes");
        assertThat(target.calls("sudo")).anySatisfy(sudo -> assertThat(sudo.arguments())
                .contains("--preserve-env=SSH_AUTH_SOCK", "nixos-rebuild"));
        assertThat(run.output()).as("rebuild output streamed").contains("activating the configuration...");
    }

    private List<String> history(String repository) throws IOException {
        return git(target.remote(repository), "log", "--format=%H %s", "main").lines().toList();
    }

    private static String git(Path repository, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repository.toString()));
        command.addAll(List.of(arguments));
        return SimulatedTarget.command(command);
    }

    private static String fingerprint(String publicKey) throws IOException {
        return SimulatedTarget.command(List.of("sh", "-c", "echo \"$0\" | ssh-keygen -lf -", publicKey))
                .split(" ")[1];
    }
}
