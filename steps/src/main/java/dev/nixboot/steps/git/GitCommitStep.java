package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.AddCommand;
import org.eclipse.jgit.api.CommitCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.StatusCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryState;
import org.eclipse.jgit.lib.UserConfig;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * {@code git.commit}: commits the given paths (new files too) or every change to tracked files. Nothing changed means
 * nothing committed, so re-running a playbook never piles up empty commits. Like {@code git commit}, it runs the
 * repository's commit hooks ({@link CommitHooks}) and signs when {@code commit.gpgsign} says so ({@link CommitSigner}).
 */
public final class GitCommitStep implements Step<GitCommitParameters, GitCommitOutputs> {
    static final String FALLBACK_NAME = "nixboot";
    static final String FALLBACK_EMAIL = "nixboot@localhost";

    @Override
    public String type() {
        return "git.commit";
    }

    @Override
    public String summary() {
        return "Commit the given paths or all tracked changes; do nothing when nothing changed";
    }

    @Override
    public Class<GitCommitParameters> parameters() {
        return GitCommitParameters.class;
    }

    @Override
    public Class<GitCommitOutputs> outputs() {
        return GitCommitOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: commit_keys
                  type: git.commit
                  with:
                    directory: ../nix-secrets
                    paths: [.sops.yaml, secrets.yaml]
                    message: "add ${{ host }} age key"
                """;
    }

    @Override
    public StepPlan plan(GitCommitParameters p, PlanContext context) {
        String what = p.paths().isEmpty() ? "all tracked changes" : String.join(" ", p.paths());
        return StepPlan.of("git commit " + what + " in " + context.localPath(p.directory())
                + " with message \"" + p.message() + "\" (nothing when nothing changed; runs the repository's commit"
                + " hooks and signs when commit.gpgsign is set, as git commit does)");
    }

    @Override
    public GitCommitOutputs execute(GitCommitParameters p, StepContext context) throws Exception {
        try (Git git = Repositories.open(p.directory(), context)) {
            Repository repository = git.getRepository();
            refuseUnfinishedOperation(repository, p.directory());
            List<String> paths = normalize(p.paths());
            boolean everything = paths.contains(".");
            Set<String> changes = changes(git, p, paths, everything);
            if (changes.isEmpty()) {
                String head = Repositories.head(repository);
                context.console()
                        .info("nothing to commit in " + p.directory()
                                + (head.isEmpty() ? "" : "; HEAD stays " + Repositories.shortId(head)));
                return new GitCommitOutputs(false, "nothing to commit", head, List.of());
            }
            SigningConfig signing = SigningConfig.read(repository.getConfig(), p.directory());
            PersonIdent author = author(repository, p.authorName(), p.authorEmail(), context);
            CommitCommand commit = git.commit()
                    .setAuthor(author)
                    .setCommitter(author)
                    .setAllowEmpty(false)
                    // The hooks run below, as git runs them; signing follows the repository's config, read above.
                    .setNoVerify(true)
                    .setGpgConfig(new GpgConfig(new Config()))
                    .setSign(signing.sign())
                    // git commit -m cleans whitespace only and keeps lines starting with # (cleanup mode "default").
                    .setDefaultClean(false);
            if (signing.sign()) {
                commit.setSigner(new CommitSigner(signing, Repositories.top(repository), context));
            }
            if (paths.isEmpty()) {
                commit.setAll(true);
            } else {
                stage(git, everything ? List.of(".") : paths);
                if (!everything) {
                    paths.forEach(commit::setOnly);
                }
            }
            CommitHooks hooks = new CommitHooks(repository, author, context);
            commit.setMessage(message(repository, hooks, p));
            RevCommit created;
            try {
                created = commit.call();
            } catch (CommitSigner.SigningFailure e) {
                throw new StepFailure(
                        p.directory() + ": nothing committed: " + e.failure().getMessage(), e);
            }
            context.console()
                    .info("committed " + Repositories.shortId(created.name()) + " " + created.getShortMessage()
                            + " (" + changes.size() + " path" + (changes.size() == 1 ? "" : "s") + ")"
                            + (signing.sign() ? ", signed (" + signing.format().configValue() + ")" : ""));
            // Like git, the commit stands whatever post-commit says: its exit code is only reported.
            int postCommit = hooks.run("post-commit");
            if (postCommit != 0) {
                context.console().info("the post-commit hook exited " + postCommit + "; the commit stands");
            }
            return new GitCommitOutputs(true, "committed", created.name(), List.copyOf(changes));
        } catch (GitAPIException e) {
            throw new StepFailure(p.directory() + ": git commit: " + GitFailures.describe(e));
        }
    }

    /**
     * Runs pre-commit, then prepare-commit-msg and commit-msg on the message in COMMIT_EDITMSG, and returns the
     * message as they left it: the order and arguments of git's prepare_to_commit (builtin/commit.c:762-1138), where
     * prepare-commit-msg runs even under --no-verify and gets "message" for a message given with -m.
     */
    private static String message(Repository repository, CommitHooks hooks, GitCommitParameters p)
            throws StepFailure, IOException {
        refuseFailedHook(hooks.run("pre-commit"), "pre-commit", p);
        Path file = repository.getDirectory().toPath().resolve(Constants.COMMIT_EDITMSG);
        String message = p.message().endsWith("\n") ? p.message() : p.message() + "\n";
        Files.writeString(file, message, StandardCharsets.UTF_8);
        refuseFailedHook(hooks.run("prepare-commit-msg", file.toString(), "message"), "prepare-commit-msg", p);
        refuseFailedHook(hooks.run("commit-msg", file.toString()), "commit-msg", p);
        String edited = Files.readString(file, StandardCharsets.UTF_8);
        if (edited.isBlank()) {
            throw new StepFailure(p.directory() + ": nothing committed: the commit message is empty after the hooks "
                    + "(git: Aborting commit due to empty commit message)");
        }
        return edited;
    }

    private static void refuseFailedHook(int exitCode, String hook, GitCommitParameters p) throws StepFailure {
        if (exitCode != 0) {
            throw new StepFailure(p.directory() + ": nothing committed: the " + hook + " hook exited " + exitCode
                    + " (its output is above)");
        }
    }

    private static void refuseUnfinishedOperation(Repository repository, String directory) throws StepFailure {
        RepositoryState state = repository.getRepositoryState();
        String what =
                switch (state) {
                    case SAFE -> null;
                    case BARE -> "is a bare repository: there is no working tree to commit from";
                    case MERGING, MERGING_RESOLVED ->
                        "is in the middle of a merge; finish it (git commit) or abort it "
                                + "(git merge --abort) first";
                    case REBASING, REBASING_REBASING, REBASING_MERGE, REBASING_INTERACTIVE, APPLY ->
                        "is in the middle of a "
                                + "rebase; finish it (git rebase --continue) or abort it (git rebase --abort) first";
                    case CHERRY_PICKING, CHERRY_PICKING_RESOLVED ->
                        "is in the middle of a cherry-pick; finish or abort it " + "(git cherry-pick --abort) first";
                    case REVERTING, REVERTING_RESOLVED ->
                        "is in the middle of a revert; finish or abort it " + "(git revert --abort) first";
                    case BISECTING -> "is in the middle of a bisect; end it (git bisect reset) first";
                };
        if (what != null) {
            throw new StepFailure(directory + " " + what + "; refusing to commit over it");
        }
    }

    private static Set<String> changes(Git git, GitCommitParameters p, List<String> paths, boolean everything)
            throws GitAPIException, StepFailure {
        StatusCommand command = git.status();
        if (!everything) {
            paths.forEach(command::addPath);
        }
        Status status = command.call();
        Set<String> changes = new TreeSet<>();
        changes.addAll(status.getAdded());
        changes.addAll(status.getChanged());
        changes.addAll(status.getModified());
        changes.addAll(status.getMissing());
        changes.addAll(status.getRemoved());
        if (!status.getConflicting().isEmpty()) {
            throw new StepFailure(
                    p.directory() + ": unresolved conflicts in " + status.getConflicting() + "; resolve them first");
        }
        if (!paths.isEmpty()) {
            changes.addAll(status.getUntracked());
            for (String path : paths) {
                if (!path.equals(".")
                        && !Files.exists(
                                git.getRepository().getWorkTree().toPath().resolve(path))
                        && changes.stream().noneMatch(c -> c.equals(path) || c.startsWith(path + "/"))) {
                    throw new StepFailure(p.directory() + ": path " + path + " matches no file, tracked or not");
                }
            }
        }
        return changes;
    }

    private static void stage(Git git, List<String> paths) throws GitAPIException {
        AddCommand add = git.add();
        AddCommand update = git.add().setUpdate(true); // stages deletions, which a plain add leaves out
        for (String path : paths) {
            add.addFilepattern(path);
            update.addFilepattern(path);
        }
        add.call();
        update.call();
    }

    private static List<String> normalize(List<String> paths) {
        List<String> out = new ArrayList<>();
        for (String path : paths) {
            String p = path.replace('\\', '/');
            while (p.startsWith("./")) {
                p = p.substring(2);
            }
            while (p.endsWith("/") && p.length() > 1) {
                p = p.substring(0, p.length() - 1);
            }
            out.add(p.isEmpty() ? "." : p);
        }
        return out;
    }

    /** Parameters first, then git config (the repository's, then the global one); a clear fallback otherwise. */
    static PersonIdent author(Repository repository, String authorName, String authorEmail, StepContext context) {
        UserConfig config = repository.getConfig().get(UserConfig.KEY);
        String name = authorName != null ? authorName : config.isAuthorNameImplicit() ? null : config.getAuthorName();
        String email =
                authorEmail != null ? authorEmail : config.isAuthorEmailImplicit() ? null : config.getAuthorEmail();
        if (name == null || email == null) {
            context.console()
                    .info("no " + (name == null ? "user.name" : "") + (name == null && email == null ? "/" : "")
                            + (email == null ? "user.email" : "")
                            + " in git config (repository or global); committing as "
                            + (name == null ? FALLBACK_NAME : name) + " <" + (email == null ? FALLBACK_EMAIL : email)
                            + ">"
                            + " - set them with git config, or author_name/author_email on the step");
        }
        return new PersonIdent(name == null ? FALLBACK_NAME : name, email == null ? FALLBACK_EMAIL : email);
    }
}
