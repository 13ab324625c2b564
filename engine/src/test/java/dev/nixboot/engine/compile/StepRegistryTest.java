package dev.nixboot.engine.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nixboot.engine.Engines;
import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.fixture.EchoStep;
import dev.nixboot.engine.fixture.RecordStep;
import dev.nixboot.engine.spi.Description;
import dev.nixboot.engine.spi.NoOutputs;
import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepPlan;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class StepRegistryTest {
    @TempDir
    Path directory;

    /** Another step claiming the type of {@link EchoStep}. */
    public static final class ImpostorEcho implements Step<EchoStep.Parameters, NoOutputs> {
        @Override
        public String type() {
            return "test.echo";
        }

        @Override
        public String summary() {
            return "Claim a taken name";
        }

        @Override
        public Class<EchoStep.Parameters> parameters() {
            return EchoStep.Parameters.class;
        }

        @Override
        public Class<NoOutputs> outputs() {
            return NoOutputs.class;
        }

        @Override
        public StepPlan plan(EchoStep.Parameters parameters, PlanContext context) {
            return StepPlan.of();
        }

        @Override
        public NoOutputs execute(EchoStep.Parameters parameters, StepContext context) {
            return NoOutputs.NONE;
        }
    }

    @Test
    void findsStepsOnTheClassPathSortedByType() {
        StepRegistry registry = StepRegistry.discover(List.of(), getClass().getClassLoader());
        assertThat(registry.types()).contains("test.echo", "test.record").isSorted();
        assertThat(registry.find("test.record")).get().isInstanceOf(RecordStep.class);
    }

    @Test
    void refusesTwoStepsWithOneTypeNamingBothClasses() {
        assertThatThrownBy(() -> StepRegistry.of(List.of(new EchoStep(), new ImpostorEcho())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("two steps have the type 'test.echo': " + EchoStep.class.getName() + " and "
                        + ImpostorEcho.class.getName() + "; remove one of them from the class path or plugin"
                        + " directories");
    }

    /** A step declaring the records given, to see which of them the registry refuses. */
    private record Declaring<P extends Record, O extends Record>(Class<P> parameters, Class<O> outputs)
            implements Step<P, O> {
        @Override
        public String type() {
            return "test.declaring";
        }

        @Override
        public String summary() {
            return "Declare records";
        }

        @Override
        public StepPlan plan(P parameters, PlanContext context) {
            return StepPlan.of();
        }

        @Override
        public O execute(P parameters, StepContext context) {
            throw new UnsupportedOperationException();
        }
    }

    record Nothing() {}

    record PathOutput(@Description("where it went") Path path) {}

    record UndocumentedOutput(String text) {}

    @Description("Greet someone")
    record SummarisedParameters(String name) {}

    @Test
    void refusesAnOutputTemplatesCannotHoldNamingTheStep() {
        assertThatThrownBy(() -> StepRegistry.of(List.of(new Declaring<>(Nothing.class, PathOutput.class))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("step 'test.declaring' (" + Declaring.class.getName() + "): output path of "
                        + PathOutput.class.getName() + " is a Path: an output is a String, a number");
    }

    @Test
    void refusesAnUndocumentedOutput() {
        assertThatThrownBy(() -> StepRegistry.of(List.of(new Declaring<>(Nothing.class, UndocumentedOutput.class))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("output text of " + UndocumentedOutput.class.getName() + " has no @Description");
    }

    @Test
    void refusesASecondSummaryOnTheParameterRecord() {
        assertThatThrownBy(() -> StepRegistry.of(List.of(new Declaring<>(SummarisedParameters.class, NoOutputs.class))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith(
                        "SummarisedParameters carries a @Description; the step's one summary is summary()");
    }

    @Test
    void refusesAPluginJarThatClashesWithABuiltInStep() throws IOException {
        Path plugins = Files.createDirectories(directory.resolve("plugins"));
        jar(
                plugins.resolve("impostor.jar"),
                Map.of(
                        "META-INF/services/dev.nixboot.engine.spi.Step",
                        (ImpostorEcho.class.getName() + "\n").getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(
                        () -> StepRegistry.discover(List.of(plugins), getClass().getClassLoader()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(EchoStep.class.getName())
                .hasMessageContaining(ImpostorEcho.class.getName());
    }

    @Test
    @Timeout(60)
    void loadsAStepCompiledIntoAJarInAPluginDirectory() throws Exception {
        Path source = Files.createDirectories(directory.resolve("src/example"));
        Files.writeString(source.resolve("GreetStep.java"), """
                package example;

                import dev.nixboot.engine.spi.*;
                import java.util.List;

                public final class GreetStep implements Step<GreetStep.Parameters, GreetStep.Outputs> {
                    public record Parameters(String name) {}
                    public record Outputs(@Description("it") String greeting) {}
                    public String type() { return "example.greet"; }
                    public String summary() { return "Greet someone"; }
                    public Class<Parameters> parameters() { return Parameters.class; }
                    public Class<Outputs> outputs() { return Outputs.class; }
                    public StepPlan plan(Parameters p, PlanContext c) { return StepPlan.of("greet " + p.name()); }
                    public Outputs execute(Parameters p, StepContext c) { return new Outputs("hi " + p.name()); }
                }
                """);
        Path classes = Files.createDirectories(directory.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(
                null,
                null,
                null,
                "-d",
                classes.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                source.resolve("GreetStep.java").toString());
        assertThat(status).isZero();
        Path plugins = Files.createDirectories(directory.resolve("plugins"));
        Map<String, byte[]> entries = new java.util.HashMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                entries.put(classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        entries.put(
                "META-INF/services/dev.nixboot.engine.spi.Step",
                "example.GreetStep\n".getBytes(StandardCharsets.UTF_8));
        jar(plugins.resolve("greet.jar"), entries);

        StepRegistry registry =
                StepRegistry.discover(List.of(plugins), getClass().getClassLoader());

        assertThat(registry.types())
                .contains("example.greet", "test.echo", "test.record")
                .isSorted();
        Step<?, ?> greet = registry.find("example.greet").orElseThrow();
        assertThat(greet.getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
        assertThat(greet.summary()).isEqualTo("Greet someone");
    }

    @Test
    void refusesAPluginDirectoryThatDoesNotExist() {
        assertThatThrownBy(() -> Engines.create(ThisProcess.host(), List.of(directory.resolve("nope"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("plugin directory '" + directory.resolve("nope") + "' does not exist");
    }

    @Test
    void theEngineListsTheSteps() {
        assertThat(Engines.create(ThisProcess.host(), List.of()).steps())
                .extracting(Step::type)
                .contains("test.echo", "test.record");
    }

    private static void jar(Path jar, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                jarOut.putNextEntry(new JarEntry(entry.getKey()));
                jarOut.write(entry.getValue());
                jarOut.closeEntry();
            }
        }
    }
}
