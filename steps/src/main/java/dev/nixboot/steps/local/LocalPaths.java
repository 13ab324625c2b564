package dev.nixboot.steps.local;

import dev.nixboot.engine.spi.PlanContext;
import java.nio.file.Path;

/**
 * Paths on this machine as a playbook writes them: {@code ~/} is the user's home, anything relative is under the
 * working directory.
 */
public final class LocalPaths {
    private LocalPaths() {}

    /** The home is the run's {@code HOME}, so a playbook run for another user (or a test) sees that user's files. */
    public static Path resolve(String path, PlanContext context) {
        String home = context.environment().getOrDefault("HOME", System.getProperty("user.home"));
        if (path.equals("~")) {
            return Path.of(home);
        }
        if (path.startsWith("~/")) {
            return Path.of(home).resolve(path.substring(2));
        }
        return context.workingDirectory().resolve(path).normalize();
    }
}
