package dev.nixboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.cli.version.BuildVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command as users start it: {@code ./nixboot} at the repository root and
 * {@code cli/target/nixboot-<version>/bin/nixboot}, each a real process. Runs in the integration-test phase, after
 * package has built the jar; a missing jar fails these tests rather than skipping them.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LauncherIT {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path ROOT = MODULE.getParent();
    private static final Path JAR = MODULE.resolve("target/nixboot.jar");

    @TempDir
    Path directory;

    record Exit(int code, String out, String err) {}

    @BeforeAll
    static void packaged() {
        assertThat(JAR)
                .as("run 'mvn verify': these tests need the jar that package builds")
                .isRegularFile();
        assertThat(distribution().resolve("bin/nixboot")).isExecutable();
    }

    @Test
    void theRootLauncherRunsTheBuiltJarWithoutRebuilding() throws Exception {
        Exit exit = run(ROOT, Map.of(), ROOT.resolve("nixboot").toString(), "--version");

        assertThat(exit.err()).isEmpty();
        assertThat(exit.code()).isZero();
        assertThat(exit.out()).startsWith("nixboot " + BuildVersion.version() + " (commit ");
    }

    @Test
    void theRootLauncherValidatesAPlaybookAndExitsTwoOnProblems() throws Exception {
        CommandResult.copyFixtures(directory);
        String launcher = ROOT.resolve("nixboot").toString();

        Exit valid = run(directory, Map.of(), launcher, "validate", "valid/hello.yaml");
        Exit invalid = run(directory, Map.of(), launcher, "validate", "invalid/unknown-key.yaml");

        assertThat(valid.code()).as(valid.err()).isZero();
        assertThat(valid.out()).isEqualTo("valid/hello.yaml: valid, 2 steps\n");
        assertThat(invalid.code()).isEqualTo(ExitCode.USAGE);
        assertThat(invalid.err()).startsWith("invalid/unknown-key.yaml:9:5: ").doesNotContain("\tat ");
    }

    @Test
    void aDryRunThroughTheLauncherStartsNothingAndWritesNothing() throws Exception {
        CommandResult.copyFixtures(directory);

        Exit exit =
                run(directory, Map.of(), ROOT.resolve("nixboot").toString(), "run", "valid/marker.yaml", "--dry-run");

        assertThat(exit.code()).as(exit.err()).isZero();
        assertThat(exit.out()).contains("> run: touch marker-file");
        assertThat(directory.resolve("marker-file")).doesNotExist();
        assertThat(directory.resolve(".nixboot")).doesNotExist();
    }

    @Test
    void ctrlCStopsTheRunKillsItsProcessesSavesStateAndExits130() throws Exception {
        CommandResult.copyFixtures(directory);
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("nixboot").toString(), "run", "valid/sleeper.yaml")
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(directory.resolve("out.txt").toFile())
                .redirectError(directory.resolve("err.txt").toFile());
        builder.environment().put("NIXBOOT_MVN", "nixboot-tests-must-not-build");
        Process nixboot = builder.start(); // the launcher execs java, so this is the JVM itself
        Path pidFile = directory.resolve("sleeper.pid");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
            assertThat(nixboot.isAlive())
                    .as("nixboot ended early: %s", Files.readString(directory.resolve("err.txt")))
                    .isTrue();
            assertThat(System.nanoTime()).as("the step never started its sleep").isLessThan(deadline);
            Thread.sleep(50);
        }
        long sleeper = Long.parseLong(Files.readString(pidFile).trim());

        // What a terminal's Ctrl-C sends, but to nixboot alone: killing the sleep is nixboot's own doing.
        new ProcessBuilder("kill", "-INT", Long.toString(nixboot.pid()))
                .inheritIO()
                .start()
                .waitFor();

        assertThat(nixboot.waitFor(60, TimeUnit.SECONDS))
                .as("nixboot exits after Ctrl-C")
                .isTrue();
        assertThat(nixboot.exitValue()).isEqualTo(ExitCode.INTERRUPTED);
        ProcessHandle.of(sleeper)
                .ifPresent(p -> assertThat(p.onExit()).succeedsWithin(java.time.Duration.ofSeconds(10)));
        assertThat(directory.resolve("after-ran")).doesNotExist();
        assertThat(directory.resolve(".nixboot")).isDirectory();
        assertThat(Files.readString(directory.resolve("out.txt"))).contains("interrupted; --resume continues");
    }

    @Test
    void withoutATerminalAQuestionFailsAtOnceOnEveryJdk() throws Exception {
        // From JDK 22 on System.console() exists even with stdin redirected; the launcher prefers the newest JDK.
        CommandResult.copyFixtures(directory);

        Exit exit = run(directory, Map.of(), ROOT.resolve("nixboot").toString(), "run", "valid/confirm.yaml");

        assertThat(exit.code()).as(exit.err()).isEqualTo(ExitCode.STEP_FAILED);
        assertThat(exit.out()).contains("no terminal to ask 'Erase everything?'; pass --yes to answer yes");
        assertThat(directory.resolve("erased")).doesNotExist();
    }

    @Test
    void onATerminalTheQuestionIsAskedAndTheAnswerTaken() throws Exception {
        CommandResult.copyFixtures(directory);
        // script(1) (util-linux, on every Debian) runs the command on a pseudo-terminal: a real terminal to nixboot.
        ProcessBuilder builder = new ProcessBuilder(
                        "script", "-qec", ROOT.resolve("nixboot") + " run valid/confirm.yaml", "/dev/null")
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("terminal.txt").toFile());
        builder.environment().put("NIXBOOT_MVN", "nixboot-tests-must-not-build");
        Process terminal = builder.start();
        try (var keyboard = terminal.getOutputStream()) {
            keyboard.write("y\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            // Input stays open until nixboot ends: an end of input would read as "no answer".
            assertThat(terminal.waitFor(2, TimeUnit.MINUTES))
                    .as("nixboot answered and ended")
                    .isTrue();
        }

        assertThat(terminal.exitValue())
                .as(Files.readString(directory.resolve("terminal.txt")))
                .isZero();
        assertThat(Files.readString(directory.resolve("terminal.txt"))).contains("Erase everything? [y/N] ");
        assertThat(directory.resolve("erased")).exists();
    }

    @Test
    void anUnknownOptionExitsTwoWithOneLine() throws Exception {
        Exit exit = run(ROOT, Map.of(), ROOT.resolve("nixboot").toString(), "run", "x.yaml", "--bogus");

        assertThat(exit.code()).isEqualTo(ExitCode.USAGE);
        assertThat(exit.err().lines()).hasSize(1);
    }

    @Test
    void theDistributionRunsOnJava17() throws Exception {
        Path jdk17 = installedJdks().entrySet().stream()
                .filter(jdk -> jdk.getValue() == 17)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("nixboot supports JDK 17; install one to test it"));

        Path copy = copyDistribution(directory.resolve("dist"));
        Map<String, String> onJdk17 = Map.of("NIXBOOT_JAVA_HOME", jdk17.toString());

        Exit exit = run(directory, onJdk17, copy.resolve("bin/nixboot").toString(), "--version");

        assertThat(exit.code()).as(exit.err()).isZero();
        assertThat(exit.out()).contains("Java 17.");
        assertThat(exit.err()).isEmpty();
        // JDK 17 keeps no AOT cache, but a dynamic CDS archive of nixboot's classes, made by the same training run.
        assertThat(copy.resolve("lib/nixboot.jdk17.jsa")).isRegularFile();
        assertThat(classesLoadedOutsideTheCache(copy, onJdk17))
                .as("loaded from the jar, not the CDS archive")
                .noneMatch(name -> name.startsWith("picocli.") || name.startsWith("dev.nixboot."));
    }

    @Test
    void javaHomeNamesTheJdkAsForMavenAndGradle() throws Exception {
        Path jdk17 = installedJdks().entrySet().stream()
                .filter(jdk -> jdk.getValue() == 17)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("nixboot supports JDK 17; install one to test it"));
        assertThat(installedJdks().values())
                .as("a newer JDK that must not win over JAVA_HOME")
                .anyMatch(v -> v > 17);
        Path copy = copyDistribution(directory.resolve("dist"));

        Exit exit = run(
                directory,
                Map.of("JAVA_HOME", jdk17.toString()),
                copy.resolve("bin/nixboot").toString(),
                "--version");

        assertThat(exit.code()).as(exit.err()).isZero();
        assertThat(exit.out()).contains("Java 17.");
    }

    @Test
    void withoutJavaHomeTheDistributionPicksTheNewestJdkAndKeepsAnAotCacheFromJava25On() throws Exception {
        Path copy = copyDistribution(directory.resolve("dist"));

        // An empty JAVA_HOME is no JAVA_HOME, as for the shell's ${JAVA_HOME:-}.
        Exit exit = run(
                directory, Map.of("JAVA_HOME", ""), copy.resolve("bin/nixboot").toString(), "--version");

        assertThat(exit.code()).as(exit.err()).isZero();
        int newest = installedJdks().values().stream().max(Integer::compare).orElseThrow();
        assertThat(exit.out()).contains("Java " + newest + ".");
        try (Stream<Path> files = Files.list(copy.resolve("lib"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            if (newest >= 25) {
                assertThat(names).contains("nixboot.jdk" + newest + ".aot");
                assertThat(classesLoadedOutsideTheCache(copy, Map.of("JAVA_HOME", "")))
                        .as("loaded from the jar, not the AOT cache")
                        .noneMatch(name -> name.startsWith("picocli.") || name.startsWith("dev.nixboot."));
            } else {
                assertThat(names).noneMatch(name -> name.endsWith(".aot"));
            }
        }
    }

    @Test
    void theLauncherBuildsOnFirstRunAndWhenAMainSourceChangesButNotOtherwise() throws Exception {
        Path checkout = fakeCheckout();
        Path log = directory.resolve("mvn.log");
        Map<String, String> env = Map.of(
                "NIXBOOT_MVN", MODULE.resolve("src/test/resources/launcher/mvn").toString(),
                "FIXTURE_JAR", JAR.toString(),
                "FIXTURE_LOG", log.toString(),
                "NIXBOOT_JAVA_HOME", System.getProperty("java.home"));
        String launcher = checkout.resolve("nixboot").toString();

        Exit first = run(checkout, env, launcher, "--version");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).isEqualTo("nixboot: building cli/target/nixboot.jar (first run)...\n");
        assertThat(first.out()).startsWith("nixboot ").doesNotContain("pretend build output");
        assertThat(Files.readAllLines(log)).containsExactly("-q -B -DskipTests package");

        Exit second = run(checkout, env, launcher, "--version");
        assertThat(second.err()).isEmpty();
        assertThat(Files.readAllLines(log)).hasSize(1);

        // Tests are not in the jar: editing one must not cost a rebuild.
        Path test = checkout.resolve("engine/src/test/java/ChangedTest.java");
        Files.setLastModifiedTime(test, FileTime.from(Instant.now().plusSeconds(60)));
        Exit afterTestEdit = run(checkout, env, launcher, "--version");
        assertThat(afterTestEdit.code()).as(afterTestEdit.err()).isZero();
        assertThat(afterTestEdit.err()).isEmpty();
        assertThat(Files.readAllLines(log)).hasSize(1);

        Path source = checkout.resolve("engine/src/main/java/Changed.java");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(60)));
        Exit third = run(checkout, env, launcher, "--version");
        assertThat(third.err())
                .isEqualTo("nixboot: building cli/target/nixboot.jar (engine/src/main/java/Changed.java changed)...\n");
        assertThat(Files.readAllLines(log)).hasSize(2);
    }

    @Test
    void theLauncherSaysWhatToDoWhenMavenIsMissing() throws Exception {
        Path checkout = fakeCheckout();

        Exit exit = run(
                checkout,
                Map.of("NIXBOOT_MVN", "nixboot-no-such-mvn"),
                checkout.resolve("nixboot").toString(),
                "--version");

        assertThat(exit.code()).isEqualTo(1);
        assertThat(exit.err())
                .endsWith(
                        "nixboot: Maven is needed to build nixboot; install it (apt-get install maven) and run again\n");
    }

    /**
     * The classes a validate through the distribution loads from the jar rather than from its class cache (the AOT
     * cache on JDK 25, a CDS archive before): each costs start-up time. (picocli's published class files are too old
     * for either; the build recompiles them.)
     */
    private List<String> classesLoadedOutsideTheCache(Path distribution, Map<String, String> environment)
            throws Exception {
        CommandResult.copyFixtures(directory);
        Path log = directory.resolve("class-load.log");
        Map<String, String> withLog = new LinkedHashMap<>(environment);
        withLog.put("NIXBOOT_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        Exit exit =
                run(directory, withLog, distribution.resolve("bin/nixboot").toString(), "validate", "valid/hello.yaml");
        assertThat(exit.code()).as(exit.err()).isZero();
        return classesReadFromTheJar(log);
    }

    /** The classes a -Xlog:class+load log shows read from a file; those the JVM generates (lambdas, proxies) name none. */
    private static List<String> classesReadFromTheJar(Path log) throws IOException {
        return Files.readAllLines(log).stream()
                .filter(line -> line.contains(" source: file:") || line.contains(" source: jar:"))
                .map(line -> line.replaceFirst("^\\[[^]]*\\]\\[[^]]*\\]\\[[^]]*\\] ", "")
                        .split(" ")[0])
                .toList();
    }

    /** The launcher and the distribution script in a directory shaped like a checkout, without a built jar. */
    private Path fakeCheckout() throws IOException {
        Path checkout = directory.resolve("checkout");
        Files.createDirectories(checkout.resolve("cli/src/dist/bin"));
        Files.createDirectories(checkout.resolve("engine/src/main/java"));
        Files.createDirectories(checkout.resolve("engine/src/test/java"));
        Files.copy(ROOT.resolve("nixboot"), checkout.resolve("nixboot"));
        Files.copy(MODULE.resolve("src/dist/bin/nixboot"), checkout.resolve("cli/src/dist/bin/nixboot"));
        Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
        Files.writeString(checkout.resolve("engine/src/main/java/Changed.java"), "class Changed {}\n");
        Files.writeString(checkout.resolve("engine/src/test/java/ChangedTest.java"), "class ChangedTest {}\n");
        Instant past = Instant.now().minusSeconds(3600);
        try (Stream<Path> files = Files.walk(checkout)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.setLastModifiedTime(file, FileTime.from(past));
            }
        }
        return checkout;
    }

    private static Path distribution() {
        return MODULE.resolve("target/nixboot-" + BuildVersion.version());
    }

    /** A private copy, so the AOT cache this test makes is its own and starts absent. */
    private static Path copyDistribution(Path target) throws IOException {
        Path source = distribution();
        for (String file : List.of("bin/nixboot", "lib/nixboot.jar", "lib/training.yaml")) {
            Files.createDirectories(target.resolve(file).getParent());
            Files.copy(source.resolve(file), target.resolve(file));
        }
        return target;
    }

    /** The JDKs the launcher can find here (JAVA_HOME, /usr/lib/jvm/*, the one running) with their versions. */
    private static Map<Path, Integer> installedJdks() throws IOException {
        List<Path> homes = new ArrayList<>();
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            homes.add(Path.of(javaHome));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> entries = Files.list(jvms)) {
                entries.forEach(homes::add);
            }
        }
        homes.add(Path.of(System.getProperty("java.home")));
        Map<Path, Integer> versions = new LinkedHashMap<>();
        for (Path home : homes) {
            Path release = home.resolve("release");
            if (Files.isExecutable(home.resolve("bin/java")) && Files.isRegularFile(release)) {
                for (String line : Files.readAllLines(release)) {
                    if (line.startsWith("JAVA_VERSION=\"")) {
                        versions.put(home, Integer.parseInt(line.replaceAll("^JAVA_VERSION=\"(\\d+).*", "$1")));
                    }
                }
            }
        }
        return versions;
    }

    private static Exit run(Path workingDirectory, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().putAll(env);
        // A stale jar would make the launcher start Maven inside this Maven build; fail instead.
        builder.environment().putIfAbsent("NIXBOOT_MVN", "nixboot-tests-must-not-build");
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path out = Files.createTempFile("launcher-out", ".txt");
        Path err = Files.createTempFile("launcher-err", ".txt");
        try {
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            return new Exit(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
