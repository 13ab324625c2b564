package dev.nixboot.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.nixboot.cli.testing.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine is a library with one seam: the process's environment, home and directory are read once, in the cli's
 * {@code Invocation.system()}, and handed to the engine and its steps as a {@code LocalHost}. A class that read them
 * itself would see the real user's files where a test, an embedding program or a run for another user meant others.
 */
class ProcessSurroundingsTest {
    private static final String ENTRY_POINT = "dev.nixboot.cli.invocation.Invocation";

    @Test
    void onlyTheEntryPointReadsTheProcessEnvironment() {
        // Tests may use the process they run in; in a packaged build the modules' tests come as -tests.jar files,
        // which DO_NOT_INCLUDE_TESTS (test-classes directories) does not recognise.
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.nixboot");
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(ENTRY_POINT)
                .should()
                .callMethod(System.class, "getenv")
                .orShould()
                .callMethod(System.class, "getenv", String.class)
                .check(classes);
    }

    /** {@code System.getProperty("user.home")}: the name is an argument, out of ArchUnit's sight, so the sources. */
    @Test
    void onlyTheEntryPointReadsTheUsersHome() throws IOException {
        Path root = RepositoryFiles.root();
        Path entryPoint = root.resolve("cli/src/main/java/dev/nixboot/cli/invocation/Invocation.java");
        List<Path> readers;
        try (Stream<Path> files = Stream.of("engine", "steps", "cli")
                .map(module -> root.resolve(module).resolve("src/main/java"))
                .flatMap(ProcessSurroundingsTest::javaFiles)) {
            readers = files.filter(file -> !file.equals(entryPoint) && mentionsUserHome(file))
                    .toList();
        }
        assertThat(readers).as("classes reading user.home themselves").isEmpty();
        assertThat(mentionsUserHome(entryPoint))
                .as("the entry point hands the home in")
                .isTrue();
    }

    private static Stream<Path> javaFiles(Path directory) {
        try {
            return Files.walk(directory).filter(file -> file.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean mentionsUserHome(Path file) {
        try {
            return Files.readString(file).contains("\"user.home\"");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
