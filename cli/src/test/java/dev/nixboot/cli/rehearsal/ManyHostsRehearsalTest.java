package dev.nixboot.cli.rehearsal;

import static dev.nixboot.cli.rehearsal.SimulatedTarget.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.rehearsal.Nixboot.Result;
import dev.nixboot.cli.testing.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The default playbook over an inventory of three simulated installer targets, each a real sshd on its own loopback
 * address and port, bootstrapped by one {@code nixboot run --inventory --parallel-hosts 3} from one control machine
 * (the first rehearsal's source side: its nix-config and nix-secrets checkouts with their bare remotes, known_hosts,
 * kept keys and stand-ins), then once more. The hosts share the two checkouts and known_hosts, which the playbook's
 * locks keep from racing: every push lands, one commit per host and repository, nothing lost, nothing committed twice.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ManyHostsRehearsalTest {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(300);
    /** gusto is in the fixture's nix-config; gale and genoa are added by the test, as you add a host's module. */
    private static final List<String> HOSTS = List.of("gusto", "gale", "genoa");
    /** Left staged by an earlier run for grief, a host not in this run: no host of this run may commit it. */
    private static final String OTHER_HOSTS_FILE = "nixos-installer/hosts/grief.json";

    private static final Pattern ANCHOR = Pattern.compile("(?m)^\\s*- &([A-Za-z0-9_-]+) (age1[0-9a-z]+)$");

    private final Map<String, SimulatedTarget> targets = new LinkedHashMap<>();
    private SimulatedTarget control;
    private SshAgent agent;
    private Nixboot nixboot;
    private Path inventory;

    @BeforeEach
    void bootThreeInstallers() throws IOException, InterruptedException {
        for (String host : HOSTS) {
            targets.put(host, SimulatedTarget.up("installer", "uefi"));
        }
        control = targets.get(HOSTS.get(0));
        for (SimulatedTarget target : targets.values()) {
            target.acceptKeyOf(control);
        }
        assertThat(targets.values().stream()
                        .map(t -> t.address() + ":" + t.port())
                        .distinct())
                .as("three machines on three loopback addresses")
                .hasSize(3);
        agent = SshAgent.holding(control.identity(), control.directory());
        nixboot = new Nixboot(control, agent);
        addHostsToNixConfig("gale", "genoa");
        inventory = writeInventory();
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
            for (SimulatedTarget target : targets.values()) {
                target.close();
            }
        }
    }

    @Test
    void bootstrapsThreeHostsInOneRunThenChangesNothingWhenRunAgain() throws Exception {
        // One host at a time, as before: an uncommitted change that would reach the host is still refused.
        Path core = control.nixConfig().resolve("hosts/common/core.nix");
        String coreText = Files.readString(core);
        Files.writeString(core, coreText + "# an edit not committed yet\n");
        Result refused = run("--limit", "gusto");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.output()).contains("gusto/config_clean").contains("hosts/common/core.nix");
        assertThat(control.calls("nixos-anywhere")).as("nothing installed").isEmpty();
        Files.writeString(core, coreText);
        // Another host's installer arguments, staged by an earlier run of that host, are not this run's business.
        Path otherHostsFile = control.nixConfig().resolve(OTHER_HOSTS_FILE);
        Files.writeString(otherHostsFile, Files.readString(otherHostsFile).replace("/dev/vda", "/dev/vdb"));
        git(control.nixConfig(), "add", "--", OTHER_HOSTS_FILE);
        assertThat(git(control.nixConfig(), "status", "--porcelain")).isEqualTo("M  " + OTHER_HOSTS_FILE + "\n");
        List<String> secretsBefore = control.history("nix-secrets");
        List<String> configBefore = control.history("nix-config");

        Result first = run("--parallel-hosts", "3");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        for (String host : HOSTS) {
            assertThat(first.output()).contains(host + ": succeeded");
            // Every output line of a step names its host and step.
            assertThat(first.output()).containsPattern("(?m)^" + host + "/install \\| ### Installing NixOS ###$");
            assertThat(targets.get(host).system()).as(host).isEqualTo("installed");
            assertThat(presented(host))
                    .as("%s presents its pre-generated key", host)
                    .isEqualTo(preGeneratedKey(host));
        }
        assertThat(control.calls("nixos-anywhere")).hasSize(3);
        assertKnownHostsTrustEveryInstalledKey();
        assertEveryHostsKeyOpensTheSharedSecrets();
        assertOneCommitPerHostOnTopOf(secretsBefore, configBefore);
        assertEverythingPushedAndOnlyTheOtherHostsFileLeft();
        for (String host : HOSTS) {
            assertThat(targets.get(host).calls("switch-to-configuration"))
                    .as(host)
                    .singleElement();
        }

        byte[] sopsYaml = Files.readAllBytes(control.nixSecrets().resolve(".sops.yaml"));
        Set<String> knownHosts = new HashSet<>(Files.readAllLines(control.knownHosts()));
        List<String> secretsHistory = control.history("nix-secrets");
        List<String> configHistory = control.history("nix-config");
        for (SimulatedTarget target : targets.values()) {
            target.rebootInstaller();
        }

        Result second = run("--parallel-hosts", "3");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(control.calls("nixos-anywhere"))
                .as("every host installed again")
                .hasSize(6);
        assertThat(control.history("nix-secrets"))
                .as("no new (empty) commits in nix-secrets")
                .isEqualTo(secretsHistory);
        assertThat(control.history("nix-config"))
                .as("no new (empty) commits in nix-config")
                .isEqualTo(configHistory);
        assertThat(Files.readAllBytes(control.nixSecrets().resolve(".sops.yaml")))
                .isEqualTo(sopsYaml);
        assertThat(new HashSet<>(Files.readAllLines(control.knownHosts())))
                .as("known_hosts")
                .isEqualTo(knownHosts);
        for (String host : HOSTS) {
            assertThat(targets.get(host).system()).as(host).isEqualTo("installed");
            assertThat(presented(host)).as("%s keeps its identity", host).isEqualTo(preGeneratedKey(host));
        }
        assertEverythingPushedAndOnlyTheOtherHostsFileLeft();
    }

    private Result run(String... extra) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(
                "run",
                RepositoryFiles.root()
                        .resolve("playbooks/remote-bootstrap.yaml")
                        .toString(),
                "--inventory",
                inventory.toString(),
                "--yes"));
        arguments.addAll(List.of(extra));
        return nixboot.run(RUN_LIMIT, arguments.toArray(String[]::new));
    }

    /** hosts/NAME/default.nix for each new host (gusto's module), committed and pushed before the bootstrap. */
    private void addHostsToNixConfig(String... hosts) throws IOException {
        Path config = control.nixConfig();
        String gusto = Files.readString(config.resolve("hosts/gusto/default.nix"));
        for (String host : hosts) {
            Path module = config.resolve("hosts/" + host + "/default.nix");
            Files.createDirectories(module.getParent());
            Files.writeString(module, gusto.replace("gusto's full configuration", host + "'s full configuration"));
            git(config, "add", "--", "hosts/" + host + "/default.nix");
        }
        git(config, "commit", "-q", "-m", "Add the new hosts' modules");
        git(config, "push", "-q", "origin", "main");
    }

    /**
     * The control machine's settings (its rehearsal-vars.yaml) for every host, the disk in a group, each target's own
     * address and port as the host's variables.
     */
    private Path writeInventory() throws IOException {
        StringBuilder yaml = new StringBuilder("# The three simulated targets (TEST FIXTURE)\nvars:\n");
        Set<String> perHostOrGroup = Set.of("host", "destination", "ssh_port", "sshd_address", "disk", "swapSize");
        for (String line : Files.readAllLines(control.varsFile())) {
            String key = line.contains(":") ? line.substring(0, line.indexOf(':')) : "";
            if (!line.startsWith("#") && !line.isBlank() && !perHostOrGroup.contains(key)) {
                yaml.append("  ").append(line).append('\n');
            }
        }
        yaml.append("groups:\n  rack:\n    vars:\n      disk: /dev/sda\n      swapSize: 8\nhosts:\n");
        for (Map.Entry<String, SimulatedTarget> host : targets.entrySet()) {
            SimulatedTarget target = host.getValue();
            yaml.append("  ")
                    .append(host.getKey())
                    .append(":\n    groups: [rack]\n    vars:\n")
                    .append("      destination: ")
                    .append(target.address())
                    .append('\n')
                    .append("      sshd_address: ")
                    .append(target.address())
                    .append('\n')
                    .append("      ssh_port: ")
                    .append(target.port())
                    .append('\n');
        }
        Path file = control.directory().resolve("hosts.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** The key the target of {@code host} presents now, as "type key". */
    private String presented(String host) throws IOException {
        String[] parts = targets.get(host).currentHostKey().split("\\s+");
        return parts[0] + " " + parts[1];
    }

    private Path keptHostKey(String host) {
        return control.keysDir().resolve(host + "/extra-files/etc/ssh/ssh_host_ed25519_key");
    }

    private String preGeneratedKey(String host) throws IOException {
        return SimulatedTarget.publicKey(Path.of(keptHostKey(host) + ".pub"));
    }

    /** Three hosts edited one known_hosts: each target's entries name exactly its installed key, none was lost. */
    private void assertKnownHostsTrustEveryInstalledKey() throws IOException {
        for (Map.Entry<String, SimulatedTarget> host : targets.entrySet()) {
            SimulatedTarget target = host.getValue();
            String installed = preGeneratedKey(host.getKey());
            for (String name : List.of(
                    "[" + target.address() + "]:" + target.port(), "[" + host.getKey() + "]:" + target.port())) {
                String found = SimulatedTarget.command(List.of(
                        "ssh-keygen", "-F", name, "-f", control.knownHosts().toString()));
                List<String> entries = found.lines()
                        .filter(l -> !l.startsWith("#") && !l.isBlank())
                        .toList();
                assertThat(entries)
                        .as("known_hosts entries for %s", name)
                        .isNotEmpty()
                        .allSatisfy(entry -> assertThat(entry).endsWith(installed));
            }
            assertThat(Files.readString(control.knownHosts()))
                    .as("%s's installer key is forgotten", host.getKey())
                    .doesNotContain(target.isoHostKey().split(" ")[1]);
        }
    }

    /**
     * What sops encrypts for shared.yaml goes to every recipient of its creation rule: sealed with the real age to
     * those of the pushed .sops.yaml, it opens with each host key's own age identity (what sops-nix derives on the
     * host).
     */
    private void assertEveryHostsKeyOpensTheSharedSecrets() throws IOException {
        String sops = git(control.remote("nix-secrets"), "show", "main:.sops.yaml");
        Map<String, String> anchors = new LinkedHashMap<>();
        Matcher anchor = ANCHOR.matcher(sops);
        while (anchor.find()) {
            assertThat(anchors.put(anchor.group(1), anchor.group(2)))
                    .as("&%s once in .sops.yaml", anchor.group(1))
                    .isNull();
        }
        String rules = sops.substring(sops.indexOf("creation_rules:"));
        String shared = rules.substring(rules.indexOf("path_regex: shared\\.yaml$"));
        int next = shared.indexOf("- path_regex", 1);
        shared = next < 0 ? shared : shared.substring(0, next);
        List<String> recipients = new ArrayList<>();
        Matcher alias = Pattern.compile("\\*([A-Za-z0-9_-]+)").matcher(shared);
        while (alias.find()) {
            recipients.add(anchors.get(alias.group(1)));
        }
        for (String host : HOSTS) {
            assertThat(anchors)
                    .as(".sops.yaml keys")
                    .containsKey(host)
                    .containsKey(control.login() + "_" + host)
                    .containsKey("grief")
                    .containsKey("ta");
            assertThat(shared).as("the shared rule").contains("*" + host);
        }
        Path sealed = control.directory().resolve("shared-secret.age");
        List<String> encrypt = new ArrayList<>(List.of("age", "-o", sealed.toString()));
        recipients.forEach(recipient -> encrypt.addAll(List.of("-r", recipient)));
        encrypt.add(control.directory().resolve("rehearsal-vars.yaml").toString());
        SimulatedTarget.command(encrypt);
        for (String host : HOSTS) {
            Path identity = control.directory().resolve(host + "-age-identity.txt");
            Files.writeString(identity, AgeOracle.identityOf(keptHostKey(host)) + "\n");
            assertThat(SimulatedTarget.command(List.of("age", "-d", "-i", identity.toString(), sealed.toString())))
                    .as("%s's host key opens the shared secrets", host)
                    .isEqualTo(Files.readString(control.varsFile()));
        }
    }

    /**
     * Each remote got exactly one new commit per host, in a line (no merge, none empty), each changing that host's
     * files only, and each nix-secrets commit keeps every key the one before it had: no update was lost.
     */
    private void assertOneCommitPerHostOnTopOf(List<String> secretsBefore, List<String> configBefore)
            throws IOException {
        Path secrets = control.remote("nix-secrets");
        Path config = control.remote("nix-config");
        assertThat(git(secrets, "rev-list", "--merges", "main")).isEmpty();
        assertThat(git(config, "rev-list", "--merges", "main")).isEmpty();
        List<String> newSecrets = newCommits("nix-secrets", secretsBefore);
        List<String> newConfig = newCommits("nix-config", configBefore);
        assertThat(newSecrets).hasSize(3);
        assertThat(newConfig).hasSize(3);
        Set<String> previousKeys =
                anchorNames(git(secrets, "show", secretsBefore.get(0).split(" ")[0] + ":.sops.yaml"));
        Set<String> secretsHosts = new HashSet<>();
        for (String commit : newSecrets) {
            String id = commit.split(" ")[0];
            String host = commit.split(" ")[1].replace(":", "");
            assertThat(commit).endsWith(": age keys for the host and its user (nixboot remote bootstrap)");
            assertThat(changedPaths(secrets, id)).as("%s changed", commit).contains(".sops.yaml");
            Set<String> keys = anchorNames(git(secrets, "show", id + ":.sops.yaml"));
            Set<String> expected = new HashSet<>(previousKeys);
            expected.addAll(List.of(host, control.login() + "_" + host));
            assertThat(keys).as("the keys after %s", commit).isEqualTo(expected);
            previousKeys = keys;
            secretsHosts.add(host);
        }
        assertThat(secretsHosts).containsExactlyInAnyOrderElementsOf(HOSTS);
        Set<String> configHosts = new HashSet<>();
        for (String commit : newConfig) {
            String id = commit.split(" ")[0];
            String host = commit.split(" ")[1].replace(":", "");
            assertThat(commit)
                    .endsWith(": hardware configuration, installer arguments and flake.lock"
                            + " (nixboot remote bootstrap)");
            assertThat(changedPaths(config, id))
                    .as("%s changed", commit)
                    .contains(
                            "hosts/" + host + "/hardware-configuration.nix", "nixos-installer/hosts/" + host + ".json")
                    .isSubsetOf(
                            "hosts/" + host + "/hardware-configuration.nix",
                            "nixos-installer/hosts/" + host + ".json",
                            "flake.lock");
            assertThat(git(config, "show", id + ":hosts/" + host + "/hardware-configuration.nix"))
                    .as("generated on %s by nixos-anywhere", host)
                    .contains("boot.initrd.availableKernelModules");
            configHosts.add(host);
        }
        assertThat(configHosts).containsExactlyInAnyOrderElementsOf(HOSTS);
        // The last flake.lock pins the last nix-secrets commit, which holds every host's key.
        String secretsHead = git(secrets, "rev-parse", "main").strip();
        assertThat(git(config, "show", "main:flake.lock")).contains("\"rev\": \"" + secretsHead + "\"");
        git(secrets, "fsck", "--strict");
        git(config, "fsck", "--strict");
    }

    /** The checkouts are their remotes' heads, clean but for the other host's file nobody here was to commit. */
    private void assertEverythingPushedAndOnlyTheOtherHostsFileLeft() throws IOException {
        for (String repository : List.of("nix-config", "nix-secrets")) {
            Path checkout = repository.equals("nix-config") ? control.nixConfig() : control.nixSecrets();
            assertThat(git(checkout, "rev-parse", "HEAD"))
                    .as("%s pushed", repository)
                    .isEqualTo(git(control.remote(repository), "rev-parse", "main"));
        }
        assertThat(git(control.nixSecrets(), "status", "--porcelain")).isEmpty();
        assertThat(git(control.nixConfig(), "status", "--porcelain")).isEqualTo("M  " + OTHER_HOSTS_FILE + "\n");
        assertThat(git(control.remote("nix-config"), "show", "main:" + OTHER_HOSTS_FILE))
                .contains("/dev/vda");
    }

    private List<String> newCommits(String repository, List<String> before) throws IOException {
        List<String> after = new ArrayList<>(control.history(repository));
        assertThat(after).as("%s keeps its history", repository).endsWith(before.toArray(String[]::new));
        List<String> added = new ArrayList<>(after.subList(0, after.size() - before.size()));
        Collections.reverse(added);
        return added;
    }

    private static Set<String> anchorNames(String sops) {
        Set<String> names = new HashSet<>();
        ANCHOR.matcher(sops).results().forEach(match -> names.add(match.group(1)));
        return names;
    }

    private static List<String> changedPaths(Path repository, String commit) throws IOException {
        return git(repository, "diff-tree", "--no-commit-id", "--name-only", "-r", commit)
                .lines()
                .toList();
    }

    /** The remote's history, newest first, as "HASH SUBJECT". */
}
