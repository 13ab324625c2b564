package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import java.util.Locale;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand.FastForwardMode;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.PullCommand;
import org.eclipse.jgit.api.PullResult;
import org.eclipse.jgit.api.RebaseResult;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.BranchConfig;
import org.eclipse.jgit.lib.Repository;

/** {@code git.pull}: fetches and fast-forwards; merging or rebasing diverged histories only when asked. */
public final class GitPullStep implements Step<GitPullParameters, GitPullOutputs> {

    @Override
    public String type() {
        return "git.pull";
    }

    @Override
    public String summary() {
        return "Fetch a branch and fast-forward to it (merge or rebase only when asked)";
    }

    @Override
    public Class<GitPullParameters> parameters() {
        return GitPullParameters.class;
    }

    @Override
    public Class<GitPullOutputs> outputs() {
        return GitPullOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: update_secrets
                  type: git.pull
                  with:
                    directory: ../nix-secrets
                """;
    }

    @Override
    public StepPlan plan(GitPullParameters p, PlanContext context) {
        return StepPlan.of("git pull --" + p.mode() + " " + p.remote() + (p.branch() != null ? " " + p.branch() : "")
                + " in " + context.localPath(p.directory()));
    }

    @Override
    public GitPullOutputs execute(GitPullParameters p, StepContext context) throws Exception {
        try (Git git = Repositories.open(p.directory(), context);
                RemoteAccess access = RemoteAccess.of(p.sshRemote(), context)) {
            Repository repository = git.getRepository();
            String current = Repositories.currentBranch(repository, p.directory());
            String branch = p.branch() != null ? p.branch() : upstreamOrSame(repository, current);
            String before = Repositories.head(repository);
            PullCommand pull = git.pull().setRemote(p.remote()).setRemoteBranchName(branch);
            switch (p.mode()) {
                case REBASE -> pull.setRebase(true);
                case MERGE -> pull.setRebase(false).setFastForward(FastForwardMode.FF);
                case FF_ONLY -> pull.setRebase(false).setFastForward(FastForwardMode.FF_ONLY);
            }
            PullResult result = access.apply(pull).call();
            String source = p.remote() + "/" + Repository.shortenRefName(branch);
            check(result, p, source);
            String after = Repositories.head(repository);
            boolean updated = !after.equals(before);
            context.console()
                    .info(
                            updated
                                    ? "updated " + Repositories.shortId(before) + ".." + Repositories.shortId(after)
                                    : "already up to date with " + source);
            return new GitPullOutputs(updated, after, before);
        } catch (GitAPIException e) {
            throw new StepFailure(p.directory() + ": git pull: " + GitFailures.describe(e));
        }
    }

    private static void check(PullResult result, GitPullParameters p, String source) throws StepFailure {
        MergeResult merge = result.getMergeResult();
        if (merge != null && !merge.getMergeStatus().isSuccessful()) {
            if (merge.getMergeStatus() == MergeResult.MergeStatus.ABORTED
                    && p.mode() == GitPullParameters.Mode.FF_ONLY) {
                throw new StepFailure(p.directory() + ": cannot fast-forward to " + source
                        + ": the histories have diverged; pull with mode: merge or mode: rebase, or reconcile by hand");
            }
            if (merge.getMergeStatus() == MergeResult.MergeStatus.CONFLICTING) {
                throw new StepFailure(p.directory() + ": merging " + source + " left conflicts in "
                        + merge.getConflicts().keySet() + "; resolve them and commit, or git merge --abort");
            }
            String paths = merge.getFailingPaths() == null
                    ? ""
                    : " " + merge.getFailingPaths().keySet();
            throw new StepFailure(p.directory() + ": pulling " + source + " failed: "
                    + merge.getMergeStatus().toString().toLowerCase(Locale.ROOT).replace('_', ' ') + paths);
        }
        RebaseResult rebase = result.getRebaseResult();
        if (rebase != null && !rebase.getStatus().isSuccessful()) {
            throw new StepFailure(p.directory() + ": rebasing onto " + source + " stopped ("
                    + rebase.getStatus().toString().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + "); finish with git rebase --continue or undo with git rebase --abort");
        }
        if (!result.isSuccessful()) {
            throw new StepFailure(p.directory() + ": pulling " + source + " failed");
        }
    }

    private static String upstreamOrSame(Repository repository, String current) {
        String merge = new BranchConfig(repository.getConfig(), current).getMerge();
        return merge != null ? merge : current;
    }
}
