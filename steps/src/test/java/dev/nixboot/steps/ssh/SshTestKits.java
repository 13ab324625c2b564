package dev.nixboot.steps.ssh;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepTestKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test kits isolated from the developer's own SSH setup: a private HOME, no agent. */
final class SshTestKits {
    private SshTestKits() {}

    /** A kit whose HOME is {@code home}, so ~/.ssh/config and ~/.ssh/known_hosts are the test's own. */
    static StepTestKit isolated(Path home) throws IOException {
        Files.createDirectories(home.resolve(".ssh"));
        return ThisProcess.testKit().environment("HOME", home.toString()).environment("SSH_AUTH_SOCK", "");
    }
}
