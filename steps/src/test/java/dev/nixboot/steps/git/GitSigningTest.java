package dev.nixboot.steps.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * git.commit signs as git does when commit.gpgsign is on (SSH with a key file or a key in the agent, OpenPGP with
 * gpg, X.509 with gpgsm), each commit checked by `git verify-commit`; git.signing-check finds out beforehand, without
 * committing, and names what is missing. Real keys, agents and GnuPG homes of the test's own.
 */
@Timeout(120)
class GitSigningTest {
    @TempDir
    Path dir;

    private GitCli git;
    private IsolatedGitConfig config;
    private Path work;

    @BeforeEach
    void setUp() throws Exception {
        git = new GitCli(dir);
        config = new IsolatedGitConfig(dir, "[user]\n\tname = Fixture Person\n\temail = fixture@example.org\n");
        work = dir.resolve("work");
        git.run(dir, "init", "-q", work.toString());
        Files.writeString(work.resolve("README"), "hello\n");
        git.run(work, "add", "README");
        git.run(work, "commit", "-q", "-m", "first");
    }

    @AfterEach
    void tearDown() {
        config.close();
    }

    /** A kit without the machine's agent: only what a test gives it. */
    private StepTestKit kit() {
        return ThisProcess.testKit().workingDirectory(dir).environment("SSH_AUTH_SOCK", "");
    }

    private StepResult commitAChange(StepTestKit kit) throws Exception {
        Files.writeString(work.resolve("README"), "changed " + System.nanoTime() + "\n");
        return kit.execute(new GitCommitStep(), new GitCommitParameters("work", "signed change", null, null, null));
    }

    private String head() throws Exception {
        return git.run(work, "rev-parse", "HEAD").strip();
    }

    @Test
    void signsWithAnSshKeyFileAsGitDoes() throws Exception {
        Path key = SigningKeys.sshKey(dir, "signing");
        git.run(work, "config", "gpg.format", "ssh");
        git.run(work, "config", "user.signingkey", key.toString());
        git.run(work, "config", "commit.gpgsign", "true");

        StepResult result = commitAChange(kit());

        assertThat(result.failure()).isNull();
        assertThat(result.text(StepResult.Stream.INFO)).contains("signed (ssh)");
        assertThat(git.run(work, "cat-file", "commit", "HEAD")).contains("gpgsig -----BEGIN SSH SIGNATURE-----");
        assertThat(verify(Map.of(), "-c", "gpg.ssh.allowedSignersFile=" + allowedSigners(key))
                        .exit())
                .isZero();
    }

    @Test
    void signsWithALiteralKeyWhosePrivateHalfOnlyTheAgentHoldsThroughGpgSshProgram() throws Exception {
        Path key = SigningKeys.sshKey(dir, "agent-key");
        Path calls = dir.resolve("calls");
        // gpg.ssh.program is honoured: a wrapper that records its arguments and hands over to ssh-keygen.
        Path wrapper = Files.writeString(
                dir.resolve("sign-wrapper"),
                "#!/bin/sh\nprintf '%s\\n' \"$*\" >> " + calls + "\nexec ssh-keygen \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        git.run(work, "config", "gpg.format", "ssh");
        git.run(work, "config", "gpg.ssh.program", wrapper.toString());
        git.run(work, "config", "user.signingkey", "key::" + SigningKeys.publicKey(key));
        git.run(work, "config", "commit.gpgsign", "true");
        try (SigningKeys.SshAgent agent = new SigningKeys.SshAgent(dir)) {
            agent.add(key);
            Path allowed = allowedSigners(key);
            Files.delete(key); // from now on only the agent has the private key

            StepResult result = commitAChange(kit().environment("SSH_AUTH_SOCK", agent.socket.toString()));

            assertThat(result.failure()).isNull();
            assertThat(verify(Map.of(), "-c", "gpg.ssh.allowedSignersFile=" + allowed)
                            .exit())
                    .isZero();
        }
        // The arguments git passes (gpg-interface.c:1105-1110): the public key in a file, -U for the agent.
        // (git verify-commit went through the wrapper too, after it.)
        assertThat(Files.readAllLines(calls).get(0)).matches("-Y sign -n git -f \\S+\\.pub -U \\S+");
    }

    @Test
    void signsWithOpenPgpAsTheCommitterWhenNoKeyIsNamed() throws Exception {
        git.run(work, "config", "commit.gpgsign", "true");
        try (SigningKeys.GnupgHome gnupg =
                SigningKeys.GnupgHome.openpgp(dir.resolve("gnupg"), "Fixture Person <fixture@example.org>")) {
            StepTestKit kit = kit().environment("GNUPGHOME", gnupg.home.toString());

            StepResult result = commitAChange(kit);

            assertThat(result.failure()).isNull();
            assertThat(git.run(work, "cat-file", "commit", "HEAD")).contains("gpgsig -----BEGIN PGP SIGNATURE-----");
            GitCli.Result verified = verify(gnupg.environment());
            assertThat(verified.exit()).as(verified.err()).isZero();
            assertThat(verified.err()).contains("Good signature from \"Fixture Person <fixture@example.org>\"");
        }
    }

    @Test
    void signsWithX509ThroughGpgsm() throws Exception {
        try (SigningKeys.GnupgHome gnupg = SigningKeys.GnupgHome.x509(dir.resolve("gnupg"), "fixture@example.org")) {
            git.run(work, "config", "gpg.format", "x509");
            git.run(work, "config", "user.signingkey", gnupg.fingerprint);
            git.run(work, "config", "commit.gpgsign", "true");

            StepResult result = commitAChange(kit().environment("GNUPGHOME", gnupg.home.toString()));

            assertThat(result.failure()).isNull();
            assertThat(git.run(work, "cat-file", "commit", "HEAD")).contains("gpgsig -----BEGIN SIGNED MESSAGE-----");
            GitCli.Result verified = verify(gnupg.environment());
            assertThat(verified.exit()).as(verified.err()).isZero();
        }
    }

    @Test
    void aCommitThatCannotBeSignedIsNotMadeAndTheReasonIsGiven() throws Exception {
        Path key = SigningKeys.sshKey(dir, "not-in-agent");
        git.run(work, "config", "gpg.format", "ssh");
        git.run(work, "config", "user.signingkey", "key::" + SigningKeys.publicKey(key));
        git.run(work, "config", "commit.gpgsign", "true");
        String before = head();
        try (SigningKeys.SshAgent agent = new SigningKeys.SshAgent(dir)) {
            StepResult result = commitAChange(kit().environment("SSH_AUTH_SOCK", agent.socket.toString()));

            assertThat(result.failure())
                    .hasMessageStartingWith(
                            "work: nothing committed: ssh-keygen failed to sign " + "with key ssh-ed25519 ");
        }
        assertThat(head()).isEqualTo(before);
        assertThat(git.run(work, "diff", "HEAD", "--name-only").strip())
                .as("the change, still to commit")
                .isEqualTo("README");
    }

    @Test
    void refusesAFormatGitDoesNotKnow() throws Exception {
        git.run(work, "config", "gpg.format", "pgp");
        git.run(work, "config", "commit.gpgsign", "true");

        assertThat(commitAChange(kit()).failure())
                .hasMessage("work: invalid value for 'gpg.format': 'pgp' (git knows openpgp, x509 and ssh)");
    }

    @Test
    void theCheckSaysCommitsAreNotSignedWhenNothingAsksForIt() {
        StepResult result = kit().execute(new GitSigningCheckStep(), check());

        assertThat(result.failure()).isNull();
        assertThat(result.outputs().get("signs")).isEqualTo(false);
    }

    @Test
    void theCheckSignsAProbeAndCommitsNothing() throws Exception {
        Path key = SigningKeys.sshKey(dir, "signing");
        git.run(work, "config", "gpg.format", "ssh");
        git.run(work, "config", "user.signingkey", key.toString());
        git.run(work, "config", "commit.gpgsign", "true");
        String before = head();

        StepResult result = kit().execute(new GitSigningCheckStep(), check());

        assertThat(result.failure()).isNull();
        assertThat(result.outputs().values())
                .containsEntry("signs", true)
                .containsEntry("format", "ssh")
                .containsEntry("key", key.toString());
        assertThat(head()).isEqualTo(before);
        assertThat(git.run(work, "status", "--porcelain")).isEmpty();
    }

    @Test
    void theCheckNamesAMissingAgent() throws Exception {
        Path key = SigningKeys.sshKey(dir, "in-agent");
        git.run(work, "config", "gpg.format", "ssh");
        git.run(work, "config", "user.signingkey", "key::" + SigningKeys.publicKey(key));
        git.run(work, "config", "commit.gpgsign", "true");

        assertThat(kit().execute(new GitSigningCheckStep(), check()).failure())
                .hasMessageStartingWith("work: commits cannot be signed: signing with the ssh key ssh-ed25519 ")
                .hasMessageEndingWith("needs its private key in an ssh-agent, and SSH_AUTH_SOCK is not set; start an "
                        + "agent and ssh-add the key");
    }

    @Test
    void theCheckNamesAMissingProgram() throws Exception {
        git.run(work, "config", "commit.gpgsign", "true");
        git.run(work, "config", "gpg.program", "nixboot-no-such-gpg");

        assertThat(kit().execute(new GitSigningCheckStep(), check()).failure())
                .hasMessage("work: commits cannot be signed: cannot sign commits: nixboot-no-such-gpg (gpg.program) is"
                        + " not on PATH; install it, set gpg.program, or turn signing off for this repository (git"
                        + " config commit.gpgsign false)");
    }

    @Test
    void theCheckPassesOnGpgsWordsForAKeyItDoesNotHave() throws Exception {
        git.run(work, "config", "commit.gpgsign", "true");
        git.run(work, "config", "user.signingkey", "nobody@example.org");
        try (SigningKeys.GnupgHome gnupg =
                SigningKeys.GnupgHome.openpgp(dir.resolve("gnupg"), "Fixture Person <fixture@example.org>")) {
            StepResult result =
                    kit().environment("GNUPGHOME", gnupg.home.toString()).execute(new GitSigningCheckStep(), check());

            assertThat(result.failure())
                    .hasMessageStartingWith("work: commits cannot be signed: gpg failed to sign "
                            + "with key nobody@example.org (user.signingkey): ")
                    .hasMessageContaining("No secret key");
        }
    }

    @Test
    void aMergeThatPullMakesIsSignedAsGitSignsIt() throws Exception {
        Path key = signingWithAnSshKey();
        divergeFromTheRemote();

        StepResult merged = kit().execute(new GitPullStep(), pull(GitPullParameters.Mode.MERGE));

        assertThat(merged.failure()).isNull();
        assertThat(git.run(work, "rev-list", "--parents", "-1", "HEAD").strip().split(" "))
                .hasSize(3);
        assertThat(git.run(work, "log", "-1", "--format=%s").strip()).startsWith("Merge ");
        assertThat(git.run(work, "status", "--porcelain").strip()).isEmpty();
        assertThat(verify(Map.of(), "-c", "gpg.ssh.allowedSignersFile=" + allowedSigners(key))
                        .exit())
                .isZero();
    }

    @Test
    void aRebaseThatWouldDropSignaturesIsRefusedBeforeItStarts() throws Exception {
        signingWithAnSshKey();
        divergeFromTheRemote();
        String before = head();

        StepResult rebased = kit().execute(new GitPullStep(), pull(GitPullParameters.Mode.REBASE));

        assertThat(rebased.failure()).hasMessageContaining("commit.gpgsign").hasMessageContaining("mode: merge");
        assertThat(head()).isEqualTo(before);
        assertThat(git.run(work, "status", "--porcelain").strip()).isEmpty();
    }

    @Test
    void aRebasePullThatOnlyFastForwardsSignsNothingAndSucceeds() throws Exception {
        signingWithAnSshKey();
        divergeFromTheRemote();
        git.run(work, "reset", "-q", "--hard", "HEAD~1");

        StepResult pulled = kit().execute(new GitPullStep(), pull(GitPullParameters.Mode.REBASE));

        assertThat(pulled.failure()).isNull();
        assertThat(head()).isEqualTo(git.run(work, "rev-parse", "@{upstream}").strip());
        assertThat(git.run(work, "log", "-1", "--format=%s").strip()).isEqualTo("their change");
    }

    private Path signingWithAnSshKey() throws Exception {
        Path key = SigningKeys.sshKey(dir, "signing");
        git.run(work, "config", "gpg.format", "ssh");
        git.run(work, "config", "user.signingkey", key.toString());
        git.run(work, "config", "commit.gpgsign", "true");
        return key;
    }

    /** A remote that moved on while this clone made a commit of its own: only a merge or a rebase joins them. */
    private void divergeFromTheRemote() throws Exception {
        Path remote = dir.resolve("remote.git");
        git.run(dir, "clone", "-q", "--bare", work.toString(), remote.toString());
        git.run(work, "remote", "add", "origin", remote.toString());
        git.run(work, "fetch", "-q", "origin");
        git.run(work, "branch", "-q", "--set-upstream-to=origin/" + branch());
        git.pushFromAnotherClone(remote, "theirs.txt", "theirs\n", "their change");
        Files.writeString(work.resolve("mine.txt"), "mine\n");
        git.run(work, "add", "mine.txt");
        git.run(work, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "my change");
    }

    private String branch() throws Exception {
        return git.run(work, "rev-parse", "--abbrev-ref", "HEAD").strip();
    }

    private static GitPullParameters pull(GitPullParameters.Mode mode) {
        return new GitPullParameters("work", "origin", null, mode, new SshRemoteParameters(null, null));
    }

    private static GitSigningCheckParameters check() {
        return new GitSigningCheckParameters("work", null, null);
    }

    private Path allowedSigners(Path key) throws Exception {
        return Files.writeString(
                dir.resolve("allowed_signers"),
                "fixture@example.org namespaces=\"git\" " + SigningKeys.publicKey(key) + "\n");
    }

    private GitCli.Result verify(Map<String, String> environment, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("verify-commit", "-v", "HEAD"));
        return git.tryRun(work, environment, args.toArray(String[]::new));
    }
}
