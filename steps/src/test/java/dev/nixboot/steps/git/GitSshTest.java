package dev.nixboot.steps.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.ssh.Commands;
import dev.nixboot.steps.ssh.testing.SshServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The git steps over SSH, through the SSHJ bridge, against a real OpenSSH sshd on loopback. */
@Timeout(120)
class GitSshTest {
    @TempDir
    Path dir;

    private GitCli git;
    private IsolatedGitConfig config;
    private SshServer sshd;
    private StepTestKit kit;
    private Path remote;
    private Path key;
    private Path protectedKey;
    private Path knownHosts;

    @BeforeEach
    void setUp() throws Exception {
        git = new GitCli(dir);
        config = new IsolatedGitConfig(dir, "[user]\n\tname = Global Person\n\temail = global@example.org\n");
        sshd = SshServer.start();
        key = sshd.clientIdentity();
        protectedKey = keygen(Files.createDirectories(dir.resolve("keys")), "id_protected", "open sesame");
        sshd.authorize(Files.readString(protectedKey.resolveSibling("id_protected.pub")));
        knownHosts = sshd.writeKnownHosts();
        remote = git.bareWithOneCommit(dir, "remote.git");
        // No ~/.ssh of the person running the tests may be used: HOME points at an empty directory.
        kit = ThisProcess.testKit()
                .workingDirectory(dir)
                .environment("HOME", dir.resolve("home").toString())
                .environment("SSH_AUTH_SOCK", "");
    }

    @AfterEach
    void tearDown() throws Exception {
        kit.close();
        sshd.close();
        config.close();
    }

    /** The remote as an ssh:// URL on the test server, for the user it lets in. */
    private String url(Path repository) {
        return "ssh://" + sshd.user() + "@" + sshd.host() + ":" + sshd.port() + repository.toAbsolutePath();
    }

    /** An ed25519 key pair; an empty passphrase leaves the private key unencrypted. */
    private static Path keygen(Path directory, String name, String passphrase) {
        Path key = directory.resolve(name);
        Commands.run("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f", key.toString());
        return key;
    }

    @Test
    void clonesCommitsAndPushesOverSsh() throws Exception {
        StepResult clone = kit.execute(
                new GitCloneStep(),
                new GitCloneParameters(
                        url(remote), "work", null, new SshRemoteParameters(key.toString(), knownHosts.toString())));
        assertThat(clone.failure()).isNull();
        assertThat(dir.resolve("work/README")).hasContent("hello");

        Files.writeString(dir.resolve("work/.sops.yaml"), "keys: []\n");
        StepResult commit = kit.execute(
                new GitCommitStep(),
                new GitCommitParameters("work", "add sops config", List.of(".sops.yaml"), null, null));
        StepResult push = kit.execute(
                new GitPushStep(),
                new GitPushParameters(
                        "work", "origin", null, false, new SshRemoteParameters(key.toString(), knownHosts.toString())));
        assertThat(push.failure()).isNull();
        assertThat(push.outputs().get("pushed")).isEqualTo(true);

        assertThat(git.run(remote, "rev-parse", "main").strip())
                .isEqualTo(commit.outputs().get("commit"));
        assertThat(git.run(remote, "log", "--format=%s", "main").strip().split("\n"))
                .containsExactly("add sops config", "first");
        assertThat(git.run(remote, "show", "main:.sops.yaml")).isEqualTo("keys: []\n");
        git.run(remote, "fsck", "--strict");
    }

    @Test
    void pullsOverSshWithAPassphraseProtectedKey() throws Exception {
        git.run(dir, "clone", "-q", remote.toString(), dir.resolve("work").toString());
        git.run(dir.resolve("work"), "remote", "set-url", "origin", url(remote));
        String theirs = git.pushFromAnotherClone(remote, "new.txt", "new\n", "their commit");

        StepResult pull;
        try (StepTestKit asking = ThisProcess.testKit()
                .workingDirectory(dir)
                .answers("open sesame")
                .environment("HOME", dir.resolve("home").toString())
                .environment("SSH_AUTH_SOCK", "")) {
            pull = asking.execute(
                    new GitPullStep(),
                    new GitPullParameters(
                            "work",
                            "origin",
                            null,
                            GitPullParameters.Mode.FF_ONLY,
                            new SshRemoteParameters(protectedKey.toString(), knownHosts.toString())));
        }
        assertThat(pull.failure()).isNull();
        assertThat(pull.outputs().get("commit")).isEqualTo(theirs);
        assertThat(git.run(dir.resolve("work"), "rev-parse", "HEAD").strip()).isEqualTo(theirs);
    }

    @Test
    void reportsTheReasonARemoteHookGaveForRejecting() throws Exception {
        Path hook = remote.resolve("hooks/pre-receive");
        Files.writeString(hook, "#!/bin/sh\necho 'secrets must be encrypted with sops' >&2\nexit 1\n");
        hook.toFile().setExecutable(true);
        kit.execute(
                new GitCloneStep(),
                new GitCloneParameters(
                        url(remote), "work", null, new SshRemoteParameters(key.toString(), knownHosts.toString())));
        Files.writeString(dir.resolve("work/README"), "plain text secret\n");
        kit.execute(new GitCommitStep(), new GitCommitParameters("work", "oops", null, null, null));

        StepResult push = kit.execute(
                new GitPushStep(),
                new GitPushParameters(
                        "work", "origin", null, false, new SshRemoteParameters(key.toString(), knownHosts.toString())));
        assertThat(push.failure())
                .hasMessageContaining("pre-receive hook declined")
                .hasMessageContaining("secrets must be encrypted with sops");
        assertThat(git.run(remote, "log", "--format=%s", "main").strip()).isEqualTo("first");
    }

    @Test
    void refusesAnUnknownHostKeyAndShowsItsFingerprint() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        StepResult clone = kit.execute(
                new GitCloneStep(),
                new GitCloneParameters(
                        url(remote), "work", null, new SshRemoteParameters(key.toString(), empty.toString())));
        assertThat(clone.failure())
                .hasMessageContaining(
                        "host key of [127.0.0.1]:" + sshd.port() + " is not known (" + empty + " has no entry)")
                .hasMessageContaining(sshd.hostKeyFingerprint());
        assertThat(dir.resolve("work")).doesNotExist();
        assertThat(empty).isEmptyFile();
    }

    @Test
    void refusesAChangedHostKey() throws Exception {
        Path other = keygen(dir, "impostor", "");
        String[] parts = Files.readString(other.resolveSibling("impostor.pub")).split(" ");
        Path wrong = Files.writeString(
                dir.resolve("wrong_known_hosts"),
                "[127.0.0.1]:" + sshd.port() + " " + parts[0] + " " + parts[1] + "\n");
        StepResult clone = kit.execute(
                new GitCloneStep(),
                new GitCloneParameters(
                        url(remote), "work", null, new SshRemoteParameters(key.toString(), wrong.toString())));
        assertThat(clone.failure()).hasMessageContaining("host key of [127.0.0.1]:" + sshd.port() + " has CHANGED");
    }

    @Test
    void saysWhenTheServerRefusesTheKey() throws Exception {
        Path stranger = keygen(dir, "stranger", "");
        StepResult clone = kit.execute(
                new GitCloneStep(),
                new GitCloneParameters(
                        url(remote),
                        "work",
                        null,
                        new SshRemoteParameters(stranger.toString(), knownHosts.toString())));
        assertThat(clone.failure())
                .hasMessageContaining("authentication as " + System.getProperty("user.name") + " on 127.0.0.1:"
                        + sshd.port() + " failed; offered: " + stranger);
    }

    @Test
    void authenticatesWithTheSshAgent() throws Exception {
        Path socket = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!Files.exists(socket) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            Process addPlain = add.start();
            addPlain.getOutputStream().close();
            String added = new String(addPlain.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(addPlain.waitFor()).as(added).isZero();

            StepResult clone = kit.environment("SSH_AUTH_SOCK", socket.toString())
                    .execute(
                            new GitCloneStep(),
                            new GitCloneParameters(
                                    url(remote), "work", null, new SshRemoteParameters(null, knownHosts.toString())));
            assertThat(clone.failure()).isNull();
            assertThat(clone.outputs().get("commit"))
                    .isEqualTo(git.run(remote, "rev-parse", "main").strip());
        } finally {
            agent.destroy();
            agent.waitFor();
        }
    }

    @Test
    void saysThereIsNoKeyWhenNeitherAgentNorFilesHaveOne() {
        StepResult clone = kit.environment("SSH_AUTH_SOCK", "")
                .execute(
                        new GitCloneStep(),
                        new GitCloneParameters(
                                url(remote), "work", null, new SshRemoteParameters(null, knownHosts.toString())));
        assertThat(clone.failure())
                .hasMessageContaining("no way to authenticate to ")
                .hasMessageContaining("no identity file found (tried [" + dir.resolve("home/.ssh/id_rsa"))
                .hasMessageContaining(dir.resolve("home/.ssh/id_ed25519").toString());
    }

    @Test
    void usesTheDefaultKeyAndKnownHostsUnderHome() throws Exception {
        Path ssh = Files.createDirectories(dir.resolve("home/.ssh"));
        Files.copy(key, ssh.resolve("id_ed25519"));
        Files.copy(knownHosts, ssh.resolve("known_hosts"));
        StepResult clone = kit.execute(
                new GitCloneStep(),
                new GitCloneParameters(url(remote), "work", null, new SshRemoteParameters(null, null)));
        assertThat(clone.failure()).isNull();
        assertThat(clone.outputs().get("commit"))
                .isEqualTo(git.run(remote, "rev-parse", "main").strip());
    }
}
