package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.CloneCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;

/** {@code git.clone}: clones once; a re-run over the same clone changes nothing. */
public final class GitCloneStep implements Step<GitCloneParameters, GitCloneOutputs> {
    // ssh://, file://, https://... or scp-like user@host:path (a colon before any slash).
    private static final Pattern REMOTE_URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*|^[^/:]+:.*");

    @Override
    public String type() {
        return "git.clone";
    }

    @Override
    public String summary() {
        return "Clone a repository (local, file:// or SSH) unless the directory already holds that clone";
    }

    @Override
    public Class<GitCloneParameters> parameters() {
        return GitCloneParameters.class;
    }

    @Override
    public Class<GitCloneOutputs> outputs() {
        return GitCloneOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: secrets
                  type: git.clone
                  with:
                    url: git@github.com:me/nix-secrets.git
                    directory: ../nix-secrets
                """;
    }

    @Override
    public StepPlan plan(GitCloneParameters p, PlanContext context) {
        return StepPlan.of("git clone " + url(p.url(), context) + (p.branch() != null ? " --branch " + p.branch() : "")
                + " " + context.localPath(p.directory()) + " (skipped when already cloned)");
    }

    @Override
    public GitCloneOutputs execute(GitCloneParameters p, StepContext context) throws StepFailure, IOException {
        UnmeasuredFileStores.install();
        Path directory = context.localPath(p.directory());
        String url = url(p.url(), context);
        if (Files.isDirectory(directory.resolve(".git"))) {
            return existing(p, directory, url, context);
        }
        if (Files.exists(directory) && !isEmptyDirectory(directory)) {
            throw new StepFailure(p.directory() + ": exists and is not a git clone; choose another directory");
        }
        try (RemoteAccess access = RemoteAccess.of(p.sshRemote(), context)) {
            CloneCommand clone = Git.cloneRepository().setURI(url).setDirectory(directory.toFile());
            if (p.branch() != null) {
                clone.setBranch(p.branch());
            }
            context.console().info("cloning " + url);
            try (Git git = access.apply(clone).call()) {
                Repository repository = git.getRepository();
                if (p.branch() != null && repository.resolve("HEAD") == null) {
                    throw new StepFailure(url + ": has no branch " + p.branch());
                }
                return outputs(repository, directory, true);
            }
        } catch (GitAPIException e) {
            throw new StepFailure("git clone " + url + ": " + GitFailures.describe(e));
        } catch (StepFailure | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new StepFailure("git clone " + url + ": " + e.getMessage());
        }
    }

    private static GitCloneOutputs existing(GitCloneParameters p, Path directory, String url, StepContext context)
            throws StepFailure, IOException {
        try (Git git = Git.open(directory.toFile())) {
            Repository repository = git.getRepository();
            String origin = repository.getConfig().getString("remote", "origin", "url");
            if (!url.equals(origin)) {
                throw new StepFailure(p.directory() + ": already a clone of " + origin + ", not of " + url
                        + "; choose another directory");
            }
            context.console().info("already cloned: " + directory);
            return outputs(repository, directory, false);
        }
    }

    private static GitCloneOutputs outputs(Repository repository, Path directory, boolean cloned) throws IOException {
        return new GitCloneOutputs(directory.toString(), Repositories.head(repository), repository.getBranch(), cloned);
    }

    /** Relative local paths are relative to the working directory, like every other path in a playbook. */
    static String url(String url, PlanContext context) {
        if (REMOTE_URL.matcher(url).matches()) {
            return url;
        }
        return context.localPath(url).toString();
    }

    private static boolean isEmptyDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }
}
