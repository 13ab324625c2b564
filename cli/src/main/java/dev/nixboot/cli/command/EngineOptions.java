package dev.nixboot.cli.command;

import dev.nixboot.cli.invocation.Invocation;
import dev.nixboot.engine.PlaybookEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How to build the engine: extra step jars, and whether errors show their stack traces. */
final class EngineOptions {

    @Option(
            names = "--plugin-path",
            paramLabel = "DIR",
            description = "Load extra step jars from DIR. Repeatable. Jars in $XDG_CONFIG_HOME/nixboot/plugins"
                    + " (~/.config/nixboot/plugins) load always.")
    List<String> pluginDirectories = new ArrayList<>();

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    PlaybookEngine engine(Invocation invocation) {
        try {
            return invocation.engine(pluginPath(invocation));
        } catch (IllegalStateException e) {
            // Two steps claiming one type name: the message names both classes, which is all the user needs.
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * Where plugins are looked for, in order, each directory once: {@code --plugin-path}, which must exist, then
     * {@code NIXBOOT_PLUGIN_PATH} and the default directory, where they exist.
     */
    List<Path> pluginPath(Invocation invocation) {
        List<Path> path = new ArrayList<>();
        for (String directory : pluginDirectories) {
            Path resolved = invocation.resolve(directory);
            if (!Files.isDirectory(resolved)) {
                throw new UsageException("--plugin-path " + directory + ": no such directory");
            }
            path.add(resolved);
        }
        for (Path entry : invocation.environmentPluginPath()) {
            Path resolved = invocation.resolve(entry.toString());
            if (Files.isDirectory(resolved)
                    || Files.isRegularFile(resolved) && entry.toString().endsWith(".jar")) {
                path.add(resolved);
            }
        }
        Path standard = invocation.defaultPluginDirectory();
        if (Files.isDirectory(standard)) {
            path.add(standard);
        }
        return path.stream().distinct().toList();
    }
}
