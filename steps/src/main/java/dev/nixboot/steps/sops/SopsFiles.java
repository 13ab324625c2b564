package dev.nixboot.steps.sops;

import dev.nixboot.engine.spi.PlanContext;
import java.nio.file.Path;

/** Paths from a playbook: {@code ~/} is the user's home, anything relative is under the working directory. */
final class SopsFiles {
    private SopsFiles() {}

    static Path resolve(String path, PlanContext context) {
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
