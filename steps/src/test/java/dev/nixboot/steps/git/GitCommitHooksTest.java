package dev.nixboot.steps.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** git.commit runs the repository's hook scripts as git commit does; every effect read back with the git CLI. */
@Timeout(120)
class GitCommitHooksTest {
    @TempDir
    Path dir;

    private GitCli git;
    private IsolatedGitConfig config;
    private StepTestKit kit;
    private Path work;

    @BeforeEach
    void setUp() throws Exception {
        git = new GitCli(dir);
        config = new IsolatedGitConfig(dir, "[user]\n\tname = Fixture Person\n\temail = fixture@example.org\n");
        kit = ThisProcess.testKit().workingDirectory(dir);
        work = dir.resolve("work");
        git.run(dir, "init", "-q", work.toString());
        Files.writeString(work.resolve("README"), "hello\n");
        git.run(work, "add", "README");
        git.run(work, "commit", "-q", "-m", "first");
    }

    @AfterEach
    void tearDown() {
        config.close();
        kit.close();
    }

    private Path hook(Path directory, String name, String script) throws Exception {
        Files.createDirectories(directory);
        Path hook = Files.writeString(directory.resolve(name), "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        return hook;
    }

    private Path hooks() {
        return work.resolve(".git/hooks");
    }

    private StepResult commit(List<String> paths, String message) throws Exception {
        Files.writeString(work.resolve("README"), "changed " + System.nanoTime() + "\n");
        return kit.execute(new GitCommitStep(), new GitCommitParameters("work", message, paths, null, null));
    }

    private String head() throws Exception {
        return git.run(work, "rev-parse", "HEAD").strip();
    }

    @Test
    void aFailingPreCommitHookStopsTheCommitAndItsOutputIsShown() throws Exception {
        hook(hooks(), "pre-commit", "echo 'checking README'\necho 'README: trailing whitespace' >&2\nexit 3");
        String before = head();

        StepResult result = commit(null, "change");

        assertThat(result.failure())
                .hasMessage("work: nothing committed: the pre-commit hook exited 3 (its output is" + " above)");
        assertThat(result.lines())
                .contains(
                        new StepResult.Line(StepResult.Stream.STDOUT, "checking README"),
                        new StepResult.Line(StepResult.Stream.STDERR, "README: trailing whitespace"));
        assertThat(head()).isEqualTo(before);
    }

    @Test
    void hooksRunInTheTopOfTheWorkingTreeWithGitsEnvironmentAndSeeWhatIsStaged() throws Exception {
        Path seen = dir.resolve("seen");
        hook(
                hooks(),
                "pre-commit",
                "{ pwd; echo \"$GIT_INDEX_FILE|$GIT_EDITOR|$GIT_AUTHOR_NAME <$GIT_AUTHOR_EMAIL>\";"
                        + " git diff --cached --name-only; } > " + seen + "\nread line && echo \"stdin: $line\" >> "
                        + seen
                        + "\nexit 0");
        Files.createDirectories(work.resolve("hosts"));
        Files.writeString(work.resolve("hosts/new.nix"), "{ }\n");

        StepResult result = commit(List.of("hosts"), "add a host");

        assertThat(result.failure()).isNull();
        assertThat(Files.readAllLines(seen))
                .containsExactly(
                        work.toRealPath().toString(),
                        work.resolve(".git/index") + "|:|Fixture Person <fixture@example.org>",
                        "hosts/new.nix");
    }

    @Test
    void theMessageHooksGetGitsArgumentsAndCommitMsgMayEditTheMessage() throws Exception {
        Path seen = dir.resolve("seen");
        hook(hooks(), "prepare-commit-msg", "echo \"prepare-commit-msg $(basename \"$1\") $2\" >> " + seen);
        hook(
                hooks(),
                "commit-msg",
                "echo \"commit-msg $(basename \"$1\") $(head -1 \"$1\")\" >> " + seen
                        + "\nprintf '\\nSigned-off-by: Hook Person <hook@example.org>\\n' >> \"$1\"");

        StepResult result = commit(null, "#42: keep the hash at the start");

        assertThat(result.failure()).isNull();
        assertThat(Files.readAllLines(seen))
                .containsExactly(
                        "prepare-commit-msg COMMIT_EDITMSG message",
                        "commit-msg COMMIT_EDITMSG #42: keep the hash at the start");
        // git commit -m keeps a line that starts with # (cleanup "default" is "whitespace" without an editor).
        assertThat(git.run(work, "log", "-1", "--format=%B").strip())
                .isEqualTo("#42: keep the hash at the start\n\nSigned-off-by: Hook Person <hook@example.org>");
    }

    @Test
    void aFailingCommitMsgHookStopsTheCommit() throws Exception {
        hook(hooks(), "commit-msg", "echo 'message must name an issue' >&2\nexit 1");
        String before = head();

        assertThat(commit(null, "change").failure())
                .hasMessage("work: nothing committed: the commit-msg hook exited 1 (its output is above)");
        assertThat(head()).isEqualTo(before);
    }

    @Test
    void coreHooksPathIsHonouredRelativeToTheWorkingTree() throws Exception {
        hook(hooks(), "pre-commit", "exit 0");
        hook(work.resolve(".githooks"), "pre-commit", "echo 'from .githooks' >&2\nexit 1");
        git.run(work, "config", "core.hooksPath", ".githooks");

        StepResult result = commit(List.of("README"), "change");

        assertThat(result.failure()).hasMessageContaining("the pre-commit hook exited 1");
        assertThat(result.lines()).contains(new StepResult.Line(StepResult.Stream.STDERR, "from .githooks"));
    }

    @Test
    void aHookThatIsNotExecutableIsIgnoredAsGitIgnoresIt() throws Exception {
        Path hook = hook(hooks(), "pre-commit", "exit 1");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rw-r--r--"));

        StepResult result = commit(null, "change");

        assertThat(result.failure()).isNull();
        assertThat(result.text(StepResult.Stream.INFO)).contains("was ignored because it is not set as executable");
    }

    @Test
    void aFailingPostCommitHookLeavesTheCommitStanding() throws Exception {
        hook(hooks(), "post-commit", "git log -1 --format=%s\nexit 1");

        StepResult result = commit(null, "made anyway");

        assertThat(result.failure()).isNull();
        assertThat(result.lines()).contains(new StepResult.Line(StepResult.Stream.STDOUT, "made anyway"));
        assertThat(result.text(StepResult.Stream.INFO)).contains("the post-commit hook exited 1; the commit stands");
        assertThat(git.run(work, "log", "-1", "--format=%s").strip()).isEqualTo("made anyway");
    }
}
