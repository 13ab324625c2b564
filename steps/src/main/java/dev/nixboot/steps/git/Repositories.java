package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.StepFailure;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/** Opening repositories and reading the facts every git step reports. */
final class Repositories {
    private Repositories() {}

    static Git open(String directory, PlanContext context) throws StepFailure {
        UnmeasuredFileStores.install();
        Path path = context.localPath(directory);
        try {
            return Git.open(path.toFile());
        } catch (RepositoryNotFoundException e) {
            throw new StepFailure(directory + ": not a git repository (no .git found)");
        } catch (IOException e) {
            throw new StepFailure(directory + ": cannot open the repository: " + e.getMessage());
        }
    }

    /** The commit HEAD points to, or an empty string in a repository without commits. */
    static String head(Repository repository) throws IOException {
        ObjectId head = repository.resolve(Constants.HEAD);
        return head == null ? "" : head.name();
    }

    /** The checked-out branch; fails on a detached HEAD, where there is no branch to pull into or push. */
    static String currentBranch(Repository repository, String directory) throws IOException, StepFailure {
        String full = repository.getFullBranch();
        if (full == null || !full.startsWith(Constants.R_HEADS)) {
            throw new StepFailure(directory + ": HEAD is detached; check out a branch or name one with `branch`");
        }
        return full.substring(Constants.R_HEADS.length());
    }

    /** Where git runs hooks and resolves relative config paths: the working tree's top, or a bare repository. */
    static Path top(Repository repository) {
        return (repository.isBare() ? repository.getDirectory() : repository.getWorkTree()).toPath();
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
