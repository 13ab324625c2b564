package dev.nixboot.steps.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.git.GitPullParameters.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Clone, status, commit, pull and push against bare remotes on disk, each effect checked with the git CLI. */
@Timeout(120)
class GitLocalStepsTest {
    @TempDir
    Path dir;

    private GitCli git;
    private IsolatedGitConfig config;
    private StepTestKit kit;
    private Path remote;

    @BeforeEach
    void setUp() throws Exception {
        git = new GitCli(dir);
        config = new IsolatedGitConfig(dir, "[user]\n\tname = Global Person\n\temail = global@example.org\n");
        kit = ThisProcess.testKit().workingDirectory(dir);
        remote = git.bareWithOneCommit(dir, "remote.git");
    }

    @AfterEach
    void tearDown() {
        config.close();
        kit.close();
    }

    @Test
    void clonesARelativePathAndLeavesTheCloneAloneOnReRun() throws Exception {
        StepResult first = kit.execute(new GitCloneStep(), clone("remote.git", "work"));
        assertThat(first.failure()).isNull();
        assertThat(first.outputs().get("cloned")).isEqualTo(true);
        assertThat(first.outputs().get("branch")).isEqualTo("main");
        assertThat(first.outputs().get("commit"))
                .isEqualTo(git.run(remote, "rev-parse", "main").strip());
        assertThat(dir.resolve("work/README")).hasContent("hello");

        Files.writeString(dir.resolve("work/local-change"), "x");
        StepResult again = kit.execute(new GitCloneStep(), clone("remote.git", "work"));
        assertThat(again.outputs().get("cloned")).isEqualTo(false);
        assertThat(dir.resolve("work/local-change")).exists();
    }

    @Test
    void clonesAFileUrl() throws Exception {
        StepResult result = kit.execute(new GitCloneStep(), clone(remote.toUri().toString(), "work"));
        assertThat(result.failure()).isNull();
        assertThat(git.run(dir.resolve("work"), "log", "--format=%s").strip()).isEqualTo("first");
    }

    @Test
    void refusesADirectoryThatHoldsSomethingElse() throws Exception {
        Files.createDirectories(dir.resolve("busy"));
        Files.writeString(dir.resolve("busy/file"), "x");
        assertThat(kit.execute(new GitCloneStep(), clone("remote.git", "busy")).failure())
                .hasMessage("busy: exists and is not a git clone; choose another directory");

        git.run(dir, "init", "-q", "other");
        git.run(dir.resolve("other"), "remote", "add", "origin", "/elsewhere.git");
        assertThat(kit.execute(new GitCloneStep(), clone("remote.git", "other")).failure())
                .hasMessage(
                        "other: already a clone of /elsewhere.git, not of " + remote + "; choose another directory");
    }

    @Test
    void reportsAMissingRemoteClearly() {
        StepResult result = kit.execute(new GitCloneStep(), clone("nowhere.git", "work"));
        assertThat(result.failure()).hasMessageStartingWith("git clone " + dir.resolve("nowhere.git") + ": ");
    }

    @Test
    void statusListsChangedAndUntrackedPaths() throws Exception {
        Path work = cloned();
        StepResult clean = kit.execute(new GitStatusStep(), new GitStatusParameters("work"));
        assertThat(clean.outputs().get("clean")).isEqualTo(true);
        assertThat(clean.outputs().get("status")).isEqualTo("clean");

        Files.writeString(work.resolve("README"), "changed\n");
        Files.writeString(work.resolve("new.txt"), "new\n");
        StepResult dirty = kit.execute(new GitStatusStep(), new GitStatusParameters("work"));
        assertThat(dirty.outputs().get("clean")).isEqualTo(false);
        assertThat(dirty.outputs().get("status")).isEqualTo("dirty");
        assertThat(dirty.outputs().get("changed")).isEqualTo(List.of("README", "new.txt"));
    }

    @Test
    void statusOfANonRepositoryIsAClearError() throws Exception {
        Files.createDirectories(dir.resolve("plain"));
        assertThat(kit.execute(new GitStatusStep(), new GitStatusParameters("plain"))
                        .failure())
                .hasMessage("plain: not a git repository (no .git found)");
    }

    @Test
    void commitsOnlyTheGivenPathsNewFilesIncludedAndPushesThem() throws Exception {
        Path work = cloned();
        Files.createDirectories(work.resolve("hosts/gusto"));
        Files.writeString(work.resolve("hosts/gusto/hardware-configuration.nix"), "{ }\n");
        Files.writeString(work.resolve("README"), "unrelated edit\n");

        StepResult commit = kit.execute(new GitCommitStep(), commit(List.of("hosts/gusto"), "add gusto hardware"));
        assertThat(commit.failure()).isNull();
        assertThat(commit.outputs().get("committed")).isEqualTo(true);
        assertThat(commit.outputs().get("paths")).isEqualTo(List.of("hosts/gusto/hardware-configuration.nix"));
        assertThat(git.run(work, "show", "--name-only", "--format=", "HEAD").strip())
                .isEqualTo("hosts/gusto/hardware-configuration.nix");
        assertThat(git.run(work, "status", "--porcelain").strip()).isEqualTo("M README");

        StepResult push = kit.execute(new GitPushStep(), push(false));
        assertThat(push.failure()).isNull();
        assertThat(push.outputs().get("pushed")).isEqualTo(true);
        assertThat(push.outputs().get("commit")).isEqualTo(commit.outputs().get("commit"));
        assertThat(git.run(remote, "rev-parse", "main").strip())
                .isEqualTo(commit.outputs().get("commit"));
        assertThat(git.run(remote, "log", "--format=%s|%an <%ae>", "main")
                        .strip()
                        .split("\n"))
                .containsExactly(
                        "add gusto hardware|Global Person <global@example.org>",
                        "first|Fixture Person <fixture@example.org>");
        git.run(remote, "fsck", "--strict");

        StepResult again = kit.execute(new GitPushStep(), push(false));
        assertThat(again.outputs().get("pushed")).isEqualTo(false);
    }

    @Test
    void commitsAllTrackedChangesButNotUntrackedFiles() throws Exception {
        Path work = cloned();
        Files.writeString(work.resolve("README"), "edited\n");
        Files.writeString(work.resolve("scratch"), "not for the repo\n");
        StepResult result = kit.execute(new GitCommitStep(), commit(null, "edit readme"));
        assertThat(result.outputs().get("paths")).isEqualTo(List.of("README"));
        assertThat(git.run(work, "status", "--porcelain").strip()).isEqualTo("?? scratch");
    }

    @Test
    void commitsEverythingIncludingNewFilesForTheDotPath() throws Exception {
        Path work = cloned();
        Files.writeString(work.resolve("README"), "edited\n");
        Files.writeString(work.resolve("new.txt"), "new\n");
        StepResult result = kit.execute(new GitCommitStep(), commit(List.of("./"), "everything"));
        assertThat(result.outputs().get("paths")).isEqualTo(List.of("README", "new.txt"));
        assertThat(git.run(work, "status", "--porcelain")).isEmpty();
    }

    @Test
    void commitsADeletion() throws Exception {
        Path work = cloned();
        Files.delete(work.resolve("README"));
        StepResult result = kit.execute(new GitCommitStep(), commit(List.of("README"), "drop readme"));
        assertThat(result.outputs().get("committed")).isEqualTo(true);
        assertThat(git.run(work, "ls-files").strip()).isEmpty();
    }

    @Test
    void makesNoEmptyCommitWhenNothingChanged() throws Exception {
        Path work = cloned();
        String head = git.run(work, "rev-parse", "HEAD").strip();
        StepResult all = kit.execute(new GitCommitStep(), commit(null, "nothing"));
        StepResult paths = kit.execute(new GitCommitStep(), commit(List.of("README"), "nothing"));
        for (StepResult result : List.of(all, paths)) {
            assertThat(result.failure()).isNull();
            assertThat(result.outputs().get("committed")).isEqualTo(false);
            assertThat(result.outputs().get("status")).isEqualTo("nothing to commit");
            assertThat(result.outputs().get("commit")).isEqualTo(head);
        }
        assertThat(git.run(work, "rev-list", "--count", "HEAD").strip()).isEqualTo("1");
    }

    @Test
    void refusesAPathThatMatchesNothing() throws Exception {
        cloned();
        assertThat(kit.execute(new GitCommitStep(), commit(List.of("no/such/file"), "x"))
                        .failure())
                .hasMessage("work: path no/such/file matches no file, tracked or not");
    }

    @Test
    void takesTheAuthorFromTheRepositoryConfigBeforeTheGlobalOne() throws Exception {
        Path work = cloned();
        git.run(work, "config", "user.name", "Repo Person");
        git.run(work, "config", "user.email", "repo@example.org");
        Files.writeString(work.resolve("README"), "edited\n");
        kit.execute(new GitCommitStep(), commit(null, "by repo person"));
        assertThat(git.run(work, "log", "-1", "--format=%an <%ae>|%cn <%ce>").strip())
                .isEqualTo("Repo Person <repo@example.org>|Repo Person <repo@example.org>");
    }

    @Test
    void fallsBackToANamedIdentityAndSaysSoWhenGitConfigHasNone() throws Exception {
        config.close();
        config = new IsolatedGitConfig(dir, "");
        Path work = cloned();
        Files.writeString(work.resolve("README"), "edited\n");
        StepResult result = kit.execute(new GitCommitStep(), commit(null, "anonymous"));
        assertThat(result.text(StepResult.Stream.INFO))
                .contains("no user.name/user.email in git config (repository or global); committing as "
                        + "nixboot <nixboot@localhost>");
        assertThat(git.run(work, "log", "-1", "--format=%an <%ae>").strip()).isEqualTo("nixboot <nixboot@localhost>");
    }

    /** A clone with a README edit of its own, and a conflicting one pushed meanwhile: fetched, not merged. */
    private Path conflictingClone() throws Exception {
        Path work = cloned();
        git.pushFromAnotherClone(remote, "README", "theirs\n", "their edit");
        Files.writeString(work.resolve("README"), "ours\n");
        git.run(work, "commit", "-q", "-am", "our edit");
        git.run(work, "fetch", "-q");
        return work;
    }

    @Test
    void refusesToCommitInTheMiddleOfAMerge() throws Exception {
        Path work = conflictingClone();
        assertThat(git.tryRun(work, "merge", "origin/main").exit()).isNotZero();
        Files.writeString(work.resolve("README"), "resolved\n");

        StepResult result = kit.execute(new GitCommitStep(), commit(null, "sneaky"));
        assertThat(result.failure())
                .hasMessage("work is in the middle of a merge; finish it (git commit) or abort it "
                        + "(git merge --abort) first; refusing to commit over it");
        assertThat(git.run(work, "log", "-1", "--format=%s").strip()).isEqualTo("our edit");
    }

    @Test
    void refusesToCommitInTheMiddleOfARebase() throws Exception {
        Path work = conflictingClone();
        assertThat(git.tryRun(work, "rebase", "origin/main").exit()).isNotZero();

        assertThat(kit.execute(new GitCommitStep(), commit(null, "sneaky")).failure())
                .hasMessageContaining("work is in the middle of a rebase; finish it (git rebase --continue)");
    }

    @Test
    void reportsANonFastForwardPushAndChangesNothingOnTheRemote() throws Exception {
        Path work = cloned();
        String theirs = git.pushFromAnotherClone(remote, "other.txt", "theirs\n", "their commit");
        Files.writeString(work.resolve("README"), "ours\n");
        kit.execute(new GitCommitStep(), commit(null, "our commit"));

        StepResult push = kit.execute(new GitPushStep(), push(false));
        assertThat(push.failure()).hasMessageStartingWith("git push origin main rejected: non-fast-forward");
        assertThat(git.run(remote, "rev-parse", "main").strip()).isEqualTo(theirs);
    }

    @Test
    void reportsTheRemotesReasonForRefusingAForcedPush() throws Exception {
        Path work = cloned();
        git.run(remote, "config", "receive.denyNonFastForwards", "true");
        String theirs = git.pushFromAnotherClone(remote, "other.txt", "theirs\n", "their commit");
        Files.writeString(work.resolve("README"), "ours\n");
        kit.execute(new GitCommitStep(), commit(null, "our commit"));

        StepResult push = kit.execute(new GitPushStep(), push(true));
        // receive-pack's own words for its receive.denyNonFastForwards refusal
        assertThat(push.failure()).hasMessage("git push origin main rejected: non-fast forward");
        assertThat(git.run(remote, "rev-parse", "main").strip()).isEqualTo(theirs);
    }

    @Test
    void pullFastForwards() throws Exception {
        Path work = cloned();
        String theirs = git.pushFromAnotherClone(remote, "other.txt", "theirs\n", "their commit");

        StepResult pull = kit.execute(new GitPullStep(), pull(Mode.FF_ONLY));
        assertThat(pull.failure()).isNull();
        assertThat(pull.outputs().get("updated")).isEqualTo(true);
        assertThat(pull.outputs().get("commit")).isEqualTo(theirs);
        assertThat(git.run(work, "rev-parse", "HEAD").strip()).isEqualTo(theirs);

        assertThat(kit.execute(new GitPullStep(), pull(Mode.FF_ONLY)).outputs().get("updated"))
                .isEqualTo(false);
    }

    @Test
    void pullRefusesDivergedHistoriesUnlessAskedToMergeOrRebase() throws Exception {
        Path work = cloned();
        String theirs = git.pushFromAnotherClone(remote, "other.txt", "theirs\n", "their commit");
        Files.writeString(work.resolve("mine.txt"), "mine\n");
        git.run(work, "add", "mine.txt");
        git.run(work, "commit", "-q", "-m", "my commit");
        String mine = git.run(work, "rev-parse", "HEAD").strip();

        StepResult refused = kit.execute(new GitPullStep(), pull(Mode.FF_ONLY));
        assertThat(refused.failure())
                .hasMessageContaining("cannot fast-forward to origin/main: the histories have " + "diverged");
        assertThat(git.run(work, "rev-parse", "HEAD").strip()).isEqualTo(mine);

        StepResult rebased = kit.execute(new GitPullStep(), pull(Mode.REBASE));
        assertThat(rebased.failure()).isNull();
        assertThat(git.run(work, "log", "--format=%s").strip().split("\n"))
                .containsExactly("my commit", "their commit", "first");
        assertThat(git.run(work, "rev-parse", "HEAD~1").strip()).isEqualTo(theirs);
    }

    @Test
    void pullMergesWhenAsked() throws Exception {
        Path work = cloned();
        git.pushFromAnotherClone(remote, "other.txt", "theirs\n", "their commit");
        Files.writeString(work.resolve("mine.txt"), "mine\n");
        git.run(work, "add", "mine.txt");
        git.run(work, "commit", "-q", "-m", "my commit");

        StepResult merged = kit.execute(new GitPullStep(), pull(Mode.MERGE));
        assertThat(merged.failure()).isNull();
        assertThat(git.run(work, "rev-list", "--parents", "-1", "HEAD").strip().split(" "))
                .hasSize(3);
        assertThat(work.resolve("other.txt")).exists();
    }

    private Path cloned() throws Exception {
        StepResult result = kit.execute(new GitCloneStep(), clone("remote.git", "work"));
        assertThat(result.failure()).isNull();
        return dir.resolve("work");
    }

    private static GitCloneParameters clone(String url, String directory) {
        return new GitCloneParameters(url, directory, null, new SshRemoteParameters(null, null));
    }

    private static GitCommitParameters commit(List<String> paths, String message) {
        return new GitCommitParameters("work", message, paths, null, null);
    }

    private static GitPushParameters push(boolean force) {
        return new GitPushParameters("work", "origin", null, force, new SshRemoteParameters(null, null));
    }

    private static GitPullParameters pull(Mode mode) {
        return new GitPullParameters("work", "origin", null, mode, new SshRemoteParameters(null, null));
    }
}
