package dev.nixboot.engine;

import dev.nixboot.engine.api.LocalHost;
import dev.nixboot.engine.compile.StepRegistry;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes engines. It lives beside the implementation rather than on {@link PlaybookEngine}, so the API names nothing
 * of the engine's workings.
 */
public final class Engines {
    private Engines() {}

    /**
     * An engine working for {@code host}, with the steps found by {@link java.util.ServiceLoader} on the class path
     * and in the jars of each plugin directory. Throws {@link IllegalStateException} naming both classes when two
     * steps share a type.
     */
    public static PlaybookEngine create(LocalHost host, List<Path> pluginPath) {
        return new EngineFacade(host, StepRegistry.discover(pluginPath));
    }
}
