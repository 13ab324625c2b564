package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;

/** {@code git.status}: whether a working tree is clean, and what changed if not. */
public final class GitStatusStep implements Step<GitStatusParameters, GitStatusOutputs> {

    @Override
    public String type() {
        return "git.status";
    }

    @Override
    public String summary() {
        return "Report whether a repository's working tree is clean and list the changed paths";
    }

    @Override
    public Class<GitStatusParameters> parameters() {
        return GitStatusParameters.class;
    }

    @Override
    public Class<GitStatusOutputs> outputs() {
        return GitStatusOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: secrets_clean
                  type: git.status
                  with:
                    directory: ../nix-secrets
                """;
    }

    @Override
    public StepPlan plan(GitStatusParameters p, PlanContext context) {
        return StepPlan.of("git status in " + context.localPath(p.directory()));
    }

    @Override
    public GitStatusOutputs execute(GitStatusParameters p, StepContext context) throws Exception {
        try (Git git = Repositories.open(p.directory(), context)) {
            Status status = git.status().call();
            Set<String> changed = changedPaths(status);
            Repository repository = git.getRepository();
            context.console().info(p.directory() + " is " + (changed.isEmpty() ? "clean" : "dirty: " + changed));
            return new GitStatusOutputs(
                    changed.isEmpty(),
                    changed.isEmpty() ? "clean" : "dirty",
                    List.copyOf(changed),
                    repository.getBranch(),
                    Repositories.head(repository));
        } catch (GitAPIException e) {
            throw new StepFailure(p.directory() + ": git status: " + GitFailures.describe(e));
        }
    }

    static Set<String> changedPaths(Status status) {
        Set<String> changed = new TreeSet<>();
        changed.addAll(status.getAdded());
        changed.addAll(status.getChanged());
        changed.addAll(status.getModified());
        changed.addAll(status.getMissing());
        changed.addAll(status.getRemoved());
        changed.addAll(status.getConflicting());
        changed.addAll(status.getUntracked());
        return changed;
    }
}
