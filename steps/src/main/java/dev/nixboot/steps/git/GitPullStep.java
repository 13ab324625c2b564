package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import java.io.IOException;
import java.util.Locale;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand.FastForwardMode;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.PullCommand;
import org.eclipse.jgit.api.PullResult;
import org.eclipse.jgit.api.RebaseResult;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.BranchConfig;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchResult;

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
            String source = p.remote() + "/" + Repository.shortenRefName(branch);
            SigningConfig signing = SigningConfig.read(repository.getConfig(), p.directory());
            if (signing.sign() && p.mode() == GitPullParameters.Mode.MERGE) {
                mergeSigned(git, access, branch, source, signing, p, context);
            } else if (signing.sign() && p.mode() == GitPullParameters.Mode.REBASE) {
                // git rebase signs each commit it replays; JGit's rebase takes no signer and would stop half-way on
                // "No signer". A fast-forward replays nothing, so do that, and refuse the rest before anything moves.
                PullResult result = access.apply(git.pull()
                                .setRemote(p.remote())
                                .setRemoteBranchName(branch)
                                .setRebase(false)
                                .setFastForward(FastForwardMode.FF_ONLY))
                        .call();
                MergeResult merge = result.getMergeResult();
                if (merge != null && merge.getMergeStatus() == MergeResult.MergeStatus.ABORTED) {
                    throw new StepFailure(p.directory() + ": commit.gpgsign asks for signed commits, and rebasing onto "
                            + source + " would re-create the local commits, which git.pull cannot sign; pull with mode:"
                            + " merge (the merge commit is signed) or rebase by hand with git pull --rebase");
                }
                check(result, p, source);
            } else {
                PullCommand pull = git.pull().setRemote(p.remote()).setRemoteBranchName(branch);
                switch (p.mode()) {
                    case REBASE -> pull.setRebase(true);
                    case MERGE -> pull.setRebase(false).setFastForward(FastForwardMode.FF);
                    case FF_ONLY -> pull.setRebase(false).setFastForward(FastForwardMode.FF_ONLY);
                }
                check(access.apply(pull).call(), p, source);
            }
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
        if (result.getMergeResult() != null) {
            check(result.getMergeResult(), p, source);
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

    private static void check(MergeResult merge, GitPullParameters p, String source) throws StepFailure {
        if (merge.getMergeStatus().isSuccessful()) {
            return;
        }
        if (merge.getMergeStatus() == MergeResult.MergeStatus.ABORTED && p.mode() == GitPullParameters.Mode.FF_ONLY) {
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

    /**
     * {@code git pull --no-rebase} when commit.gpgsign is on: JGit's pull commits its merge with no way to hand it a
     * signer ("No signer for ssh signatures"), so fetch, merge without committing, and commit the merge with the
     * signer git.commit uses, under the message git would write.
     */
    private static void mergeSigned(
            Git git,
            RemoteAccess access,
            String branch,
            String source,
            SigningConfig signing,
            GitPullParameters p,
            StepContext context)
            throws GitAPIException, IOException, StepFailure {
        Repository repository = git.getRepository();
        FetchResult fetched = access.apply(git.fetch().setRemote(p.remote())).call();
        Ref ref = fetched.getAdvertisedRef(branch);
        if (ref == null) {
            ref = fetched.getAdvertisedRef(Constants.R_HEADS + branch);
        }
        if (ref == null) {
            throw new StepFailure(
                    p.directory() + ": " + p.remote() + " has no branch " + Repository.shortenRefName(branch));
        }
        String url = repository.getConfig().getString("remote", p.remote(), "url");
        MergeResult merge = git.merge()
                .include(
                        "branch '" + Repository.shortenRefName(branch) + "' of " + (url == null ? p.remote() : url),
                        ref.getObjectId())
                .setFastForward(FastForwardMode.FF)
                .setCommit(false)
                .call();
        check(merge, p, source);
        if (merge.getMergeStatus() != MergeResult.MergeStatus.MERGED_NOT_COMMITTED) {
            return;
        }
        try {
            git.commit()
                    .setMessage(repository.readMergeCommitMsg())
                    .setGpgConfig(new GpgConfig(new Config()))
                    .setSign(true)
                    .setSigner(new CommitSigner(signing, Repositories.top(repository), context))
                    .call();
        } catch (CommitSigner.SigningFailure e) {
            throw new StepFailure(
                    p.directory() + ": merged " + source + " but could not sign the merge commit: "
                            + e.failure().getMessage() + "; finish with git commit, or undo with git merge --abort",
                    e);
        }
    }

    private static String upstreamOrSame(Repository repository, String current) {
        String merge = new BranchConfig(repository.getConfig(), current).getMerge();
        return merge != null ? merge : current;
    }
}
