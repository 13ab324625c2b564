package dev.nixboot.engine.compile;

import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.OutputDescriptor;
import dev.nixboot.engine.spi.Step;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The step types a playbook can use: every {@link Step} registered with {@link ServiceLoader} on the class path and in
 * the jars of the plugin directories. Plugin directories are, in order: those given ({@code --plugin-path}), those
 * in {@code $NIXBOOT_PLUGIN_PATH} (separated like {@code PATH}), and {@code ~/.config/nixboot/plugins} (or
 * {@code $XDG_CONFIG_HOME/nixboot/plugins}). Two steps with one type name are refused, naming both classes: a silent
 * winner would run code the playbook author did not choose.
 */
public final class StepRegistry {
    /** Type names: lowercase words joined by dots, dashes or underscores, such as {@code ssh.exec}. */
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*");

    private final Map<String, Step<?, ?>> byType;

    private StepRegistry(Map<String, Step<?, ?>> byType) {
        this.byType = byType;
    }

    /**
     * The steps on the class path and in the jars of each plugin directory (or jar) given, in that order. Which
     * directories to search is the front end's choice: the engine reads no environment.
     */
    public static StepRegistry discover(List<Path> pluginPath) {
        return discover(existing(pluginPath), StepRegistry.class.getClassLoader());
    }

    /** The directories named must exist: a mistyped one would otherwise leave its steps out without a word. */
    static List<Path> existing(List<Path> given) {
        for (Path directory : given) {
            if (!Files.isDirectory(directory) && !directory.toString().endsWith(".jar")) {
                throw new IllegalStateException("plugin directory '" + directory + "' does not exist");
            }
        }
        return List.copyOf(given);
    }

    static StepRegistry discover(List<Path> directories, ClassLoader parent) {
        List<URL> jars = new ArrayList<>();
        for (Path directory : directories) {
            jars.addAll(jars(directory));
        }
        ClassLoader loader =
                jars.isEmpty() ? parent : new URLClassLoader("nixboot-plugins", jars.toArray(URL[]::new), parent);
        List<Step<?, ?>> steps = new ArrayList<>();
        try {
            for (Step<?, ?> step : ServiceLoader.load(Step.class, loader)) {
                steps.add(step);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException(
                    "cannot load a step: " + e.getMessage() + (jars.isEmpty() ? "" : " (plugin jars: " + jars + ")"),
                    e);
        }
        return of(steps);
    }

    private static List<URL> jars(Path directory) {
        if (directory.toString().endsWith(".jar") && Files.isRegularFile(directory)) {
            return List.of(url(directory));
        }
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                    .sorted()
                    .map(StepRegistry::url)
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list plugin directory '" + directory + "': " + e.getMessage(), e);
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("bad plugin jar path '" + jar + "'", e);
        }
    }

    /** A registry of exactly these steps; checks them like discovered ones. */
    public static StepRegistry of(Collection<? extends Step<?, ?>> steps) {
        Map<String, Step<?, ?>> byType = new LinkedHashMap<>();
        for (Step<?, ?> step : steps) {
            String type = step.type();
            if (type == null || !TYPE.matcher(type).matches()) {
                throw new IllegalStateException("step " + step.getClass().getName() + " has an invalid type name '"
                        + type + "': use lowercase words joined by dots, such as 'ssh.exec'");
            }
            if (step.parameters() == null || !step.parameters().isRecord()) {
                throw new IllegalStateException("step '" + type + "' ("
                        + step.getClass().getName() + ") must declare a record class as its parameters");
            }
            checkOutputs(step);
            checkOneSummary(step, step.parameters());
            checkOneSummary(step, step.outputs());
            Step<?, ?> earlier = byType.putIfAbsent(type, step);
            if (earlier != null) {
                throw new IllegalStateException("two steps have the type '" + type + "': "
                        + earlier.getClass().getName() + " and "
                        + step.getClass().getName()
                        + "; remove one of them from the class path or plugin directories");
            }
        }
        List<Map.Entry<String, Step<?, ?>>> sorted = new ArrayList<>(byType.entrySet());
        sorted.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        Map<String, Step<?, ?>> ordered = new LinkedHashMap<>();
        sorted.forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return new StepRegistry(ordered);
    }

    private static void checkOutputs(Step<?, ?> step) {
        if (step.outputs() == null || !step.outputs().isRecord()) {
            throw new IllegalStateException(
                    "step '" + step.type() + "' (" + step.getClass().getName()
                            + ") must declare a record class as its outputs (NoOutputs when it returns none)");
        }
        try {
            OutputDescriptor.of(step.outputs());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "step '" + step.type() + "' (" + step.getClass().getName() + "): " + e.getMessage(), e);
        }
    }

    /** A summary on a record would be a second one, unread and soon different from {@link Step#summary()}. */
    private static void checkOneSummary(Step<?, ?> step, Class<?> record) {
        if (record.isAnnotationPresent(Description.class)) {
            throw new IllegalStateException(
                    "step '" + step.type() + "' (" + step.getClass().getName() + "): " + record.getSimpleName()
                            + " carries a @Description; the step's one summary is summary()");
        }
    }

    public Optional<Step<?, ?>> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** Every step, sorted by type name. */
    public List<Step<?, ?>> all() {
        return List.copyOf(byType.values());
    }

    public List<String> types() {
        return List.copyOf(byType.keySet());
    }
}
