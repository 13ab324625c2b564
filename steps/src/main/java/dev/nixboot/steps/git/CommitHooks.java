package dev.nixboot.steps.git;

import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.steps.local.LineCapture;
import dev.nixboot.steps.local.LocalProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * The repository's commit hooks, found and run as {@code git commit} finds and runs them: in {@code core.hooksPath}
 * or the common git directory's {@code hooks/}, only when executable (git/git {@code hook.c} find_hook), in the top
 * of the working tree, with no input, {@code GIT_INDEX_FILE} and {@code GIT_EDITOR=:} set (run_commit_hook,
 * {@code commit.c:1987}) and the author exported as {@code GIT_AUTHOR_*} (builtin/commit.c determine_author_info).
 * Output goes to the step's console line by line; a cancelled step kills the hook and everything it started.
 */
final class CommitHooks {
    /** Variables that would point a git command in a hook at another repository than the one committed to. */
    private static final List<String> INHERITED_REPOSITORY = List.of(
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_COMMON_DIR",
            "GIT_INDEX_FILE",
            "GIT_PREFIX",
            "GIT_OBJECT_DIRECTORY",
            "GIT_NAMESPACE");

    private final Repository repository;
    private final StepContext context;
    private final Map<String, String> environment;

    CommitHooks(Repository repository, PersonIdent author, StepContext context) {
        this.repository = repository;
        this.context = context;
        Map<String, String> env = new HashMap<>(context.environment());
        INHERITED_REPOSITORY.forEach(env::remove);
        env.put("GIT_INDEX_FILE", repository.getIndexFile().getAbsolutePath());
        env.put("GIT_EDITOR", ":"); // no editor is started: the message is given
        env.put("GIT_AUTHOR_NAME", author.getName());
        env.put("GIT_AUTHOR_EMAIL", author.getEmailAddress());
        env.put(
                "GIT_AUTHOR_DATE",
                "@" + author.getWhenAsInstant().getEpochSecond() + " " + offset(author.getZoneOffset()));
        this.environment = Map.copyOf(env);
    }

    /**
     * Runs the hook when the repository has it; its exit code, or 0 when there is none.
     *
     * @throws StepFailure when the hook cannot start or the step was cancelled while it ran
     */
    int run(String name, String... arguments) throws StepFailure {
        Path hook = find(name);
        if (hook == null) {
            return 0;
        }
        context.console().info("running the " + name + " hook " + hook);
        List<String> command = new ArrayList<>(List.of(hook.toString()));
        command.addAll(List.of(arguments));
        LineCapture out = new LineCapture(context.console()::stdout);
        LineCapture err = new LineCapture(context.console()::stderr);
        LocalProcess.Outcome outcome;
        try {
            outcome = new LocalProcess(command, Repositories.top(repository), environment)
                    .output(out, err)
                    .run(context);
        } catch (IOException e) {
            throw new StepFailure("cannot run the " + name + " hook " + hook + ": " + e.getMessage(), e);
        } finally {
            out.close();
            err.close();
        }
        if (!outcome.exited()) {
            throw new StepFailure("cancelled: killed the " + name + " hook and every process it started");
        }
        return outcome.exitCode();
    }

    /** The hook's file, or null: absent, or present but not executable, which git ignores with a word of advice. */
    Path find(String name) {
        Path hook = hooksDirectory().resolve(name);
        if (!Files.isRegularFile(hook)) {
            return null;
        }
        if (!Files.isExecutable(hook)) {
            context.console()
                    .info("the " + name + " hook " + hook + " was ignored because it is not set as "
                            + "executable (as git ignores it)");
            return null;
        }
        return hook;
    }

    /** core.hooksPath (~/ is the home; relative to where hooks run, as for git), else the common git directory's. */
    private Path hooksDirectory() {
        String configured = repository.getConfig().getString("core", null, "hooksPath");
        if (configured == null || configured.isEmpty()) {
            return repository.getCommonDirectory().toPath().resolve("hooks");
        }
        if (configured.equals("~") || configured.startsWith("~/")) {
            return context.home().resolve(configured.equals("~") ? "" : configured.substring(2));
        }
        return Repositories.top(repository).resolve(configured);
    }

    /** +HHMM, as git writes a time zone. */
    private static String offset(ZoneOffset zone) {
        int minutes = zone.getTotalSeconds() / 60;
        int absolute = Math.abs(minutes);
        return String.format(Locale.ROOT, "%c%02d%02d", minutes < 0 ? '-' : '+', absolute / 60, absolute % 60);
    }
}
