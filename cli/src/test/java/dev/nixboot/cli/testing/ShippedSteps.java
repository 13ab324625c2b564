package dev.nixboot.cli.testing;

import dev.nixboot.engine.Engines;
import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.spi.Step;
import java.security.CodeSource;
import java.util.List;

/**
 * The steps nixboot ships: those the engine finds on the test class path less the ones registered by the modules'
 * test jars (the engine's runner tests bring steps such as run.barrier), which no user ever sees.
 */
public final class ShippedSteps {
    private ShippedSteps() {}

    public static List<Step<?, ?>> find() {
        return Engines.create(ThisProcess.host(), List.of()).steps().stream()
                .filter(ShippedSteps::shipped)
                .toList();
    }

    private static boolean shipped(Step<?, ?> step) {
        CodeSource source = step.getClass().getProtectionDomain().getCodeSource();
        String location = source == null ? "" : source.getLocation().getPath();
        return !location.contains("/test-classes") && !location.endsWith("-tests.jar");
    }
}
