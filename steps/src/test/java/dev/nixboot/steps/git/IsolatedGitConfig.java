package dev.nixboot.steps.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Points JGit's global and system git config at files of the test's own, so the machine's ~/.gitconfig and
 * GIT_AUTHOR_* variables cannot decide whom a commit is by.
 */
final class IsolatedGitConfig implements AutoCloseable {
    private final SystemReader previous;

    IsolatedGitConfig(Path dir, String globalConfig) throws IOException {
        Path global = dir.resolve("global-gitconfig");
        Path system = dir.resolve("system-gitconfig");
        Files.writeString(global, globalConfig);
        Files.writeString(system, "");
        previous = SystemReader.getInstance();
        SystemReader.setInstance(new SystemReader.Delegate(previous) {
            @Override
            public FileBasedConfig openUserConfig(Config parent, FS fs) {
                return new FileBasedConfig(parent, global.toFile(), fs);
            }

            @Override
            public FileBasedConfig openSystemConfig(Config parent, FS fs) {
                return new FileBasedConfig(parent, system.toFile(), fs);
            }

            @Override
            public String getenv(String variable) {
                return variable.startsWith("GIT_") ? null : super.getenv(variable);
            }
        });
    }

    @Override
    public void close() {
        SystemReader.setInstance(previous);
    }
}
