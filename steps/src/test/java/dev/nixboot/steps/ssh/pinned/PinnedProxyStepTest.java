package dev.nixboot.steps.ssh.pinned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.spi.StepPlan;
import dev.nixboot.engine.state.FileTree;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.ssh.TreeSnapshot;
import dev.nixboot.steps.ssh.testing.SshServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned proxy with real OpenSSH on both ends, driven the way nixos-anywhere drives ssh (upstream lines cited
 * from src/nixos-anywhere.sh at 91fc9b7). An impostor is a second sshd with other host keys that takes over the
 * target's address between the pre-flight and the install; it accepts the user's key, as an attacker's would, and
 * records whatever a session sends it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PinnedProxyStepTest {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final PinnedProxyStep step = new PinnedProxyStep();
    private final List<SshServer> servers = new ArrayList<>();
    private SshServer target;
    private StepTestKit kit;
    private Path home;
    private Path extraFiles;
    private Path mnt;
    private Path privateKey;

    @TempDir
    Path work;

    @BeforeEach
    void setUp() throws IOException {
        target = server(SshServer.start());
        home = Files.createDirectories(work.resolve("home/.ssh")).getParent();
        // A private HOME (no ~/.ssh/config, no known_hosts) and no agent: only what the test gives ssh counts.
        kit = ThisProcess.testKit().environment("HOME", home.toString()).environment("SSH_AUTH_SOCK", "");
        extraFiles = work.resolve("extra-files");
        Path ssh = Files.createDirectories(extraFiles.resolve("etc/ssh"));
        privateKey = Files.writeString(
                ssh.resolve("ssh_host_ed25519_key"),
                "-----BEGIN OPENSSH PRIVATE KEY-----\nthe host's identity, from which its age key comes\n");
        Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(ssh.resolve("ssh_host_ed25519_key.pub"), "ssh-ed25519 AAAA root@gusto\n");
        mnt = Files.createDirectories(work.resolve("mnt"));
    }

    @AfterEach
    void tearDown() throws IOException {
        kit.close();
        servers.forEach(SshServer::close);
    }

    @Test
    void theRealTargetReceivesTheExtraFilesThroughThePinnedConnection() throws Exception {
        String option = pin(target.user(), 22);

        Run copyId = sshCopyIdAsUpstreamRunsIt(option, target.user(), target.port());
        int loginsBefore = logins(target);
        Run install = extraFilesAsUpstreamSendsThem(option, target.user(), target.port());

        assertThat(copyId.exitCode()).as(copyId.stderr()).isZero();
        assertThat(install.exitCode()).as(install.stderr()).isZero();
        assertThat(TreeSnapshot.of(mnt.resolve("etc"), false))
                .isEqualTo(TreeSnapshot.of(extraFiles.resolve("etc"), false));
        // Two logins for one ssh: the pinned one that carries it, and nixos-anywhere's own inside it.
        assertThat(logins(target) - loginsBefore).isEqualTo(2);
    }

    @Test
    void anImpostorOnTheTargetsAddressGetsNoByteOfTheExtraFiles() throws Exception {
        String option = pin(target.user(), 22);
        Path captured = work.resolve("impostor-captured");
        SshServer impostor = impostorInstead(captured);

        Run copyId = sshCopyIdAsUpstreamRunsIt(option, target.user(), target.port());
        Run install = extraFilesAsUpstreamSendsThem(option, target.user(), target.port());
        Run nixCopy = nixCopyAsUpstreamRunsIt(option, target.user(), target.port());

        assertThat(copyId.exitCode()).isNotZero();
        assertThat(install.exitCode()).isNotZero();
        assertThat(install.stderr())
                .contains("REMOTE HOST IDENTIFICATION HAS CHANGED")
                .contains("Host key verification failed");
        assertThat(nixCopy.exitCode()).isNotZero();
        assertThat(nixCopy.stdout()).doesNotContain("reached");
        assertThat(captured).doesNotExist();
        assertThat(impostor.log()).doesNotContain("Accepted");
        try (Stream<Path> files = Files.list(mnt)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void withoutThePinTheImpostorGetsTheHostsPrivateKey() throws Exception {
        // What the pin is for, and proof that the impostor above would have noticed a leak.
        Path captured = work.resolve("impostor-captured");
        impostorInstead(captured);

        Run install = extraFilesAsUpstreamSendsThem(null, target.user(), target.port());

        assertThat(install.exitCode()).as(install.stderr()).isZero();
        assertThat(Files.readString(captured, StandardCharsets.ISO_8859_1)).contains(Files.readString(privateKey));
    }

    @Test
    void nixCopyReachesTheTargetThroughThePinnedConnectionDespiteNixSplittingItsOptions() throws Exception {
        String option = pin(target.user(), 22);

        int loginsBefore = logins(target);
        Run nixCopy = nixCopyAsUpstreamRunsIt(option, target.user(), target.port());

        assertThat(option).doesNotContainPattern(WHITESPACE);
        assertThat(nixCopy.exitCode()).as(nixCopy.stderr()).isZero();
        assertThat(nixCopy.stdout()).isEqualTo("reached\n");
        assertThat(logins(target) - loginsBefore).isEqualTo(2);
    }

    @Test
    void sshTakesTheProxyCommandAfterUpstreamsPrefixButIgnoresALaterKnownHostsFile() throws Exception {
        String option = pin(target.user(), 22);
        Path pinnedKnownHosts =
                Path.of(option.substring("ProxyCommand=".length())).resolveSibling("known_hosts");
        List<String> command = new ArrayList<>(List.of("ssh", "-G"));
        command.addAll(upstreamSshArgs(target.port()));
        command.addAll(List.of(
                "-o", option, "-o", "UserKnownHostsFile=" + pinnedKnownHosts, target.user() + "@" + target.host()));

        Run settings = run(command);

        assertThat(settings.exitCode()).as(settings.stderr()).isZero();
        assertThat(settings.stdout().lines())
                .contains("proxycommand " + option.substring("ProxyCommand=".length()))
                // First value wins: the --ssh-option UserKnownHostsFile=... of nixos-anywhere's help changes nothing.
                .contains("userknownhostsfile /dev/null", "stricthostkeychecking false")
                .doesNotContain("userknownhostsfile " + pinnedKnownHosts);
    }

    @Test
    void afterKexecTheSamePinHoldsAsRootOnThePostKexecPort() throws Exception {
        assumeTrue(
                "root".equals(target.user()),
                "after kexec nixos-anywhere logs in as root (src/nixos-anywhere.sh:831);"
                        + " the test sshd can only let in the user running it, and CI runs as root");
        int postKexecPort = SshServer.freeLoopbackPort();
        String option = pin(target.user(), postKexecPort);
        // nixos-images (27bfc9d) kexec-run.sh:65-68 packs /etc/ssh/ssh_host_* into the installer's initrd and
        // restore-remote-access.nix:22 puts them back: the same keys, now on port 22 (here: postKexecPort), where
        // upstream swaps -p (:818-825).
        target.moveTo(postKexecPort);

        Run install = extraFilesAsUpstreamSendsThem(option, "root", postKexecPort);
        assertThat(install.exitCode()).as(install.stderr()).isZero();
        assertThat(TreeSnapshot.of(mnt.resolve("etc"), false))
                .isEqualTo(TreeSnapshot.of(extraFiles.resolve("etc"), false));

        // An installer that came back with other keys is someone else.
        deleteContents(mnt);
        target.restartWithNewHostKey();
        Run refused = extraFilesAsUpstreamSendsThem(option, "root", postKexecPort);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("Host key verification failed");
        try (Stream<Path> files = Files.list(mnt)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theCheckRefusesAHostThatDoesNotPresentThePinnedKey() throws Exception {
        String otherKey = newKey();

        StepResult result = kit.execute(step, parameters(target.user(), otherKey, 22));

        assertThat(result.failure()).isNotNull();
        assertThat(result.failure().getMessage())
                .startsWith(target.user() + "@127.0.0.1:" + target.port() + " did not pass the pinned check (")
                .contains("Host key verification failed")
                .endsWith("the pinned key is ssh-ed25519 " + fingerprint(otherKey) + ". Nothing was sent to it");
        assertThat(target.log()).doesNotContain("Accepted");
    }

    @Test
    void theCheckRefusesATargetWhoseSshdForbidsForwarding() throws Exception {
        SshServer closed = server(SshServer.start(SshServer.freeLoopbackPort(), List.of("AllowTcpForwarding no")));

        StepResult result = kit.execute(
                step,
                new PinnedProxyParameters(
                        closed.host(),
                        closed.port(),
                        closed.user(),
                        closed.clientIdentity().toString(),
                        closed.hostKey(),
                        null,
                        22,
                        Duration.ofSeconds(30),
                        "127.0.0.1"));

        assertThat(result.failure()).isNotNull();
        assertThat(result.failure().getMessage())
                .contains("did not pass the pinned check")
                .contains("open failed");
    }

    @Test
    void refusesAnSshThatWouldNotHonourThePin() throws Exception {
        // A wrapper earlier on PATH that puts its own options first, as some ssh wrappers do: they win over ours.
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path wrapper = Files.writeString(
                bin.resolve("ssh"), "#!/bin/sh\nexec /usr/bin/ssh -o StrictHostKeyChecking=accept-new \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        kit.environment("PATH", bin + File.pathSeparator + System.getenv("PATH"));

        StepResult result = kit.execute(step, parameters(target.user(), target.hostKey(), 22));

        assertThat(result.failure())
                .hasMessage("ssh -G for " + target.user() + "@127.0.0.1:" + target.port()
                        + " shows stricthostkeychecking accept-new, not true: the pin would not hold with this ssh");
        assertThat(logins(target)).isZero();
    }

    @Test
    void writesOnlyThePinnedKeyAndScriptsForTheRoutesInAnOwnerOnlyDirectory() throws Exception {
        String option = pin(target.user(), 2222);
        Path directory = Path.of(option.substring("ProxyCommand=".length())).getParent();

        assertThat(option).isEqualTo("ProxyCommand=" + directory + "/%r@%p");
        try (Stream<Path> files = Files.list(directory)) {
            // The way in before kexec, and the one after it: as root on --post-kexec-ssh-port.
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("known_hosts", target.user() + "@" + target.port(), "root@2222");
        }
        assertThat(Files.readAllLines(directory.resolve("known_hosts")).stream().filter(l -> !l.startsWith("#")))
                .containsExactly("* " + target.hostKey());
        assertThat(mode(directory)).isEqualTo("rwx------");
        assertThat(mode(directory.resolve("known_hosts"))).isEqualTo("rw-------");
        assertThat(mode(directory.resolve("root@2222"))).isEqualTo("rwx------");
        assertThat(Files.readString(directory.resolve("root@2222")))
                .contains("-p 2222 -l root", "-W 127.0.0.1:2222 127.0.0.1", "StrictHostKeyChecking=yes");
    }

    @Test
    void theDryRunSaysWhatIsProtectedAndWritesNothing() {
        StepPlan plan = kit.plan(
                step,
                new PinnedProxyParameters(
                        "192.0.2.10",
                        22,
                        "root",
                        null,
                        "<steps.installer_scan.outputs.key>",
                        null,
                        22,
                        Duration.ofSeconds(30),
                        "127.0.0.1"));

        assertThat(plan.actions()).anySatisfy(line -> assertThat(line)
                .matches("write .*/test/known_hosts \\(0600\\) holding only the pinned host key"
                        + " <steps.installer_scan.outputs.key>"));
        assertThat(plan.actions())
                .anySatisfy(
                        line -> assertThat(line)
                                .matches(
                                        "write .*/test/root@22 \\(0700\\): ssh -W 127.0.0.1:22 as root@192.0.2.10:22, accepting only that key.*"));
        assertThat(plan.actions())
                .anySatisfy(line -> assertThat(line).matches("output ssh_option ProxyCommand=.*/test/%r@%p.*"));
        assertThat(plan.actions())
                .anySatisfy(line ->
                        assertThat(line).startsWith("protected: ").contains("--extra-files", "kexec-run.sh:65-68"));
        assertThat(plan.actions())
                .anySatisfy(
                        line -> assertThat(line).startsWith("not protected: ").contains("fingerprint you confirmed"));
        Path knownHosts =
                Path.of(plan.actions().get(0).substring("write ".length()).split(" ")[0]);
        assertThat(knownHosts.getParent().getParent()).as("the run directory").doesNotExist();
    }

    /** Runs the step against the real target as the pre-flight does; returns the ssh_option output. */
    private String pin(String user, int postKexecPort) {
        StepResult result = kit.execute(step, parameters(user, target.hostKey(), postKexecPort));
        assertThat(result.failure()).as("%s\n%s", result.lines(), target.log()).isNull();
        return (String) result.outputs().get("ssh_option");
    }

    private PinnedProxyParameters parameters(String user, String hostKey, int postKexecPort) {
        return new PinnedProxyParameters(
                target.host(),
                target.port(),
                user,
                target.clientIdentity().toString(),
                hostKey,
                null,
                postKexecPort,
                Duration.ofSeconds(30),
                "127.0.0.1");
    }

    /** Stops the target and starts an impostor on its address, accepting the user's key, recording what it gets. */
    private SshServer impostorInstead(Path captured) throws IOException {
        int port = target.port();
        target.stop();
        SshServer impostor = server(SshServer.start(port, List.of("ForceCommand cat > " + captured)));
        impostor.authorize(Files.readString(Path.of(target.clientIdentity() + ".pub")));
        return impostor;
    }

    /**
     * The arguments nixos-anywhere gives every ssh: {@code sshArgs=("-o" "IdentitiesOnly=yes" "-i"
     * "$tempDir/nixos-anywhere" "-o" "UserKnownHostsFile=/dev/null" "-o" "StrictHostKeyChecking=no")} (:70), then
     * {@code -p} from --ssh-port (:237) and {@code -o} from each --ssh-option (:241), in command-line order.
     */
    private List<String> upstreamSshArgs(int port) {
        return new ArrayList<>(List.of(
                "-o",
                "IdentitiesOnly=yes",
                "-i",
                target.clientIdentity().toString(),
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "StrictHostKeyChecking=no",
                "-p",
                Integer.toString(port)));
    }

    private List<String> sshArgs(String option, int port) {
        List<String> arguments = upstreamSshArgs(port);
        if (option != null) {
            arguments.addAll(List.of("-o", option));
        }
        return arguments;
    }

    /**
     * {@code tar -C "$extraFiles" -cpf- . | runSsh "tar -C /mnt -xf- --no-same-owner"} (:878), where runSsh is
     * {@code ssh "$sshTtyParam" "${sshArgs[@]}" "$sshConnection" "$@"} (:486) and sshTtyParam is -T without a
     * terminal (:39). /mnt is the test's own directory.
     */
    private Run extraFilesAsUpstreamSendsThem(String option, String user, int port) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("sh", "-c", "tar -C \"$0\" -cpf- . | ssh \"$@\"", extraFiles.toString(), "-T"));
        command.addAll(sshArgs(option, port));
        command.add(user + "@127.0.0.1");
        command.add("tar -C " + mnt + " -xf- --no-same-owner");
        return run(command);
    }

    /**
     * nixos-anywhere's first connection, uploadSshKey: {@code ssh-copy-id -o IdentitiesOnly=no -o ConnectTimeout=10
     * "${sshArgs[@]}" "$sshConnection"} (:563-567), retried every 3 s until it succeeds. ssh-copy-id takes the
     * {@code -i} of sshArgs as the key to install and hands each {@code -o} on to its ssh.
     */
    private Run sshCopyIdAsUpstreamRunsIt(String option, String user, int port) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("ssh-copy-id", "-o", "IdentitiesOnly=no", "-o", "ConnectTimeout=10"));
        command.addAll(sshArgs(option, port));
        command.add(user + "@127.0.0.1");
        return run(command);
    }

    /**
     * How nix copy reaches the target: nixos-anywhere sets {@code NIX_SSHOPTS="${sshArgs[*]}"} (:491), nix splits it
     * (at whitespace before 2.26, like a shell without quotes since: src/libstore/ssh.cc getNixSshOpts) and runs
     * {@code ssh HOST -x OPTS... -- COMMAND}. The command here just says it arrived.
     */
    private Run nixCopyAsUpstreamRunsIt(String option, String user, int port) throws Exception {
        String nixSshOpts = String.join(" ", sshArgs(option, port));
        List<String> command = new ArrayList<>(List.of("ssh", user + "@127.0.0.1", "-x"));
        command.addAll(List.of(WHITESPACE.split(nixSshOpts)));
        command.addAll(List.of("--", "echo", "reached"));
        return run(command);
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    private Run run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HOME", home.toString());
        builder.environment().remove("SSH_AUTH_SOCK");
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command + "\n" + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private SshServer server(SshServer server) {
        servers.add(server);
        return server;
    }

    private String newKey() throws Exception {
        Path key = work.resolve("other_host_key");
        Run keygen = run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()));
        assertThat(keygen.exitCode()).as(keygen.stderr()).isZero();
        String[] fields = Files.readString(Path.of(key + ".pub")).strip().split(" ");
        return fields[0] + " " + fields[1];
    }

    private String fingerprint(String keyLine) throws Exception {
        Path file = Files.writeString(work.resolve("fingerprint.pub"), keyLine + "\n");
        Run keygen = run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", file.toString()));
        return keygen.stdout().split(" ")[1];
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static void deleteContents(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                FileTree.delete(file);
            }
        }
    }

    private static int logins(SshServer server) {
        return server.log().split("Accepted publickey", -1).length - 1;
    }
}
