package dev.nixboot.cli.testing;

import dev.nixboot.cli.schema.FixtureSteps;
import dev.nixboot.engine.spi.Step;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A plugin directory as a user would make one: a jar whose META-INF/services names the fixture steps. Their classes
 * come from the test class path through the plugin loader's parent, so the jar holds only the registration.
 */
public final class FixturePlugin {
    private FixturePlugin() {}

    public static Path directory(Path parent) throws IOException {
        Path directory = Files.createDirectories(parent.resolve("plugins"));
        try (OutputStream file = Files.newOutputStream(directory.resolve("fixture-steps.jar"));
                JarOutputStream jar = new JarOutputStream(file)) {
            jar.putNextEntry(new JarEntry("META-INF/services/" + Step.class.getName()));
            StringBuilder services = new StringBuilder();
            for (Step<?, ?> step : FixtureSteps.all()) {
                services.append(step.getClass().getName()).append('\n');
            }
            jar.write(services.toString().getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return directory;
    }
}
