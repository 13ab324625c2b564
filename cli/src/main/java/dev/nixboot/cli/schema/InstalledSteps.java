package dev.nixboot.cli.schema;

import dev.nixboot.engine.spi.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/** The step types a user can write: the built-in ones on the class path and those in plugin jars, by type name. */
public final class InstalledSteps {
    private InstalledSteps() {}

    /**
     * Every step found by {@link ServiceLoader} on the class path and in the jars directly inside each plugin
     * directory, sorted by type. Throws {@link IllegalStateException} naming both classes when two share a type.
     */
    public static List<Step<?>> find(List<Path> pluginPath) {
        ClassLoader loader = pluginLoader(pluginPath);
        Map<String, Step<?>> byType = new LinkedHashMap<>();
        for (Step<?> step : ServiceLoader.load(Step.class, loader)) {
            Step<?> clash = byType.putIfAbsent(step.type(), step);
            if (clash != null && clash.getClass() != step.getClass()) {
                throw new IllegalStateException("two steps have the type '" + step.type() + "': "
                        + clash.getClass().getName() + " and " + step.getClass().getName());
            }
        }
        List<Step<?>> steps = new ArrayList<>(byType.values());
        steps.sort(Comparator.comparing(Step::type));
        return List.copyOf(steps);
    }

    private static ClassLoader pluginLoader(List<Path> pluginPath) {
        ClassLoader parent = InstalledSteps.class.getClassLoader();
        List<URL> jars = new ArrayList<>();
        for (Path directory : pluginPath) {
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("plugin directory " + directory + " does not exist");
            }
            try (Stream<Path> files = Files.list(directory)) {
                for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                    jars.add(jar.toUri().toURL());
                }
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jars.isEmpty() ? parent : new URLClassLoader(jars.toArray(URL[]::new), parent);
    }
}
