package dev.nixboot.steps.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code git} command, used to build fixtures and to check what the steps did. It runs with its own global
 * config (a fixture identity) so the machine's ~/.gitconfig cannot change the outcome.
 */
final class GitCli {
    private final Path globalConfig;

    GitCli(Path dir) throws IOException {
        globalConfig = dir.resolve("cli-gitconfig");
        Files.writeString(globalConfig, """
                [user]
                \tname = Fixture Person
                \temail = fixture@example.org
                [init]
                \tdefaultBranch = main
                [advice]
                \tdetachedHead = false
                """);
    }

    /** Runs git in the directory and returns its standard output; fails the test on a non-zero exit. */
    String run(Path directory, String... args) throws IOException, InterruptedException {
        Result result = tryRun(directory, args);
        if (result.exit() != 0) {
            throw new IllegalStateException(
                    "git " + String.join(" ", args) + " exited " + result.exit() + ": " + result.err());
        }
        return result.out();
    }

    record Result(int exit, String out, String err) {}

    Result tryRun(Path directory, String... args) throws IOException, InterruptedException {
        return tryRun(directory, Map.of(), args);
    }

    /** Runs git with more environment, such as GNUPGHOME for git verify-commit. */
    Result tryRun(Path directory, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("GIT_CONFIG_GLOBAL", globalConfig.toString());
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        builder.environment().put("GIT_EDITOR", "true");
        builder.environment().remove("GIT_DIR");
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("git " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), out, err);
    }

    /** A bare repository with one commit on main, made by cloning it, committing and pushing with the CLI. */
    Path bareWithOneCommit(Path dir, String name) throws IOException, InterruptedException {
        Path bare = dir.resolve(name);
        run(dir, "init", "--bare", "-b", "main", bare.toString());
        Path seed = dir.resolve(name + "-seed");
        run(dir, "clone", "-q", bare.toString(), seed.toString());
        Files.writeString(seed.resolve("README"), "hello\n");
        run(seed, "add", "README");
        run(seed, "commit", "-q", "-m", "first");
        run(seed, "push", "-q", "origin", "main");
        return bare;
    }

    /** Another user of the remote at work: clones it beside it as "other", commits a file there and pushes it. */
    String pushFromAnotherClone(Path remote, String file, String content, String message)
            throws IOException, InterruptedException {
        Path other = remote.resolveSibling("other");
        run(remote.getParent(), "clone", "-q", remote.toString(), other.toString());
        return commitAndPush(other, file, content, message);
    }

    /** Commits a file in a clone and pushes it, as another user of the remote would. */
    String commitAndPush(Path clone, String file, String content, String message)
            throws IOException, InterruptedException {
        Files.writeString(clone.resolve(file), content);
        run(clone, "add", file);
        run(clone, "commit", "-q", "-m", message);
        run(clone, "push", "-q", "origin", "HEAD");
        return run(clone, "rev-parse", "HEAD").strip();
    }
}
