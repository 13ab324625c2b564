package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/** {@code git.push}: pushes one branch; a rejected push fails with the remote's own reason. */
public final class GitPushStep implements Step<GitPushParameters, GitPushOutputs> {

    @Override
    public String type() {
        return "git.push";
    }

    @Override
    public String summary() {
        return "Push a branch to a remote; report a rejection with the remote's reason";
    }

    @Override
    public Class<GitPushParameters> parameters() {
        return GitPushParameters.class;
    }

    @Override
    public Class<GitPushOutputs> outputs() {
        return GitPushOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: push_secrets
                  type: git.push
                  with:
                    directory: ../nix-secrets
                """;
    }

    @Override
    public StepPlan plan(GitPushParameters p, PlanContext context) {
        return StepPlan.of("git push " + (p.force() ? "--force " : "") + p.remote() + " "
                + (p.branch() != null ? p.branch() : "<current branch>") + " from "
                + context.localPath(p.directory()));
    }

    @Override
    public GitPushOutputs execute(GitPushParameters p, StepContext context) throws Exception {
        try (Git git = Repositories.open(p.directory(), context);
                RemoteAccess access = RemoteAccess.of(p.sshRemote(), context)) {
            Repository repository = git.getRepository();
            String branch = p.branch() != null ? p.branch() : Repositories.currentBranch(repository, p.directory());
            String ref = Constants.R_HEADS + branch;
            if (repository.exactRef(ref) == null) {
                throw new StepFailure(p.directory() + ": no local branch " + branch + " to push");
            }
            Iterable<PushResult> results = access.apply(git.push()
                            .setRemote(p.remote())
                            .setRefSpecs(new RefSpec(ref + ":" + ref))
                            .setForce(p.force()))
                    .call();
            boolean pushed = false;
            String commit = "";
            for (PushResult result : results) {
                RemoteRefUpdate update = result.getRemoteUpdate(ref);
                if (update == null) {
                    continue;
                }
                switch (update.getStatus()) {
                    case OK -> pushed = true;
                    case UP_TO_DATE -> pushed = false;
                    default ->
                        throw new StepFailure(
                                "git push " + p.remote() + " " + branch + " rejected: " + reason(update, result));
                }
                commit = update.getNewObjectId().name();
            }
            context.console()
                    .info(
                            pushed
                                    ? "pushed " + branch + " to " + p.remote() + " at " + Repositories.shortId(commit)
                                    : p.remote() + " already has " + branch + " at " + Repositories.shortId(commit));
            return new GitPushOutputs(pushed, commit, branch);
        } catch (GitAPIException e) {
            throw new StepFailure(p.directory() + ": git push: " + GitFailures.describe(e));
        }
    }

    /** Why the remote refused: the ref status, its message, and whatever hooks printed ("remote: ..." lines). */
    private static String reason(RemoteRefUpdate update, PushResult result) {
        List<String> parts = new ArrayList<>();
        switch (update.getStatus()) {
            case REJECTED_NONFASTFORWARD ->
                parts.add("non-fast-forward: the remote has commits this branch lacks;"
                        + " pull first (or push with force: true to overwrite them)");
            case REJECTED_REMOTE_CHANGED -> parts.add("the remote branch changed while pushing; try again");
            case REJECTED_NODELETE -> parts.add("the remote does not allow deleting branches");
            case NON_EXISTING -> parts.add("the remote branch does not exist");
            default -> {}
        }
        if (update.getMessage() != null && !update.getMessage().isBlank()) {
            parts.add(update.getMessage());
        }
        String messages = result.getMessages();
        if (messages != null && !messages.isBlank()) {
            parts.add("remote said: " + messages.strip().replace("\n", " | "));
        }
        return parts.isEmpty() ? update.getStatus().toString() : String.join("; ", parts);
    }
}
