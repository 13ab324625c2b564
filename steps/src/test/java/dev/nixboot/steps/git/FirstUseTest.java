package dev.nixboot.steps.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first git step on a new machine (a fresh HOME, a fresh JVM): JGit would measure the file system's timestamp
 * resolution first, seconds of writing probe files (3.3 s, and 4.5 to 8.5 s on a loaded machine), and then save the
 * result to ~/.config/jgit/config. nixboot does without: nothing is measured and nothing written into the home. The
 * step's time is printed, not asserted: on a busy machine a new JVM's class loading alone can take seconds.
 */
@Timeout(120)
class FirstUseTest {
    @TempDir
    Path dir;

    @Test
    void aFirstGitStatusInAFreshHomeNeitherMeasuresNorWritesIntoTheHome() throws Exception {
        GitCli git = new GitCli(dir);
        Path repository = dir.resolve("nix-config");
        git.run(dir, "init", "-q", repository.toString());
        Files.writeString(repository.resolve("flake.nix"), "{ }\n");
        git.run(repository, "add", "flake.nix");
        git.run(repository, "commit", "-q", "-m", "first");
        Path home = Files.createDirectories(dir.resolve("home"));

        String out = firstStatusInNewJvm(repository, home);

        String[] fields = out.strip().split(" ");
        assertThat(fields[1]).isEqualTo("true");
        // JGit worked with its fallback for file systems it cannot measure: it measured nothing (a measured ext4 or
        // tmpfs reads some microseconds).
        assertThat(Duration.ofNanos(Long.parseLong(fields[2])))
                .isEqualTo(FS.FileStoreAttributes.FALLBACK_TIMESTAMP_RESOLUTION);
        try (Stream<Path> files = Files.walk(home)) {
            assertThat(files.filter(Files::isRegularFile).toList())
                    .as("files written into the home")
                    .isEmpty();
        }
        try (Stream<Path> files = Files.walk(repository.resolve(".git"))) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith(".probe-"))
                            .toList())
                    .isEmpty();
        }
    }

    private static String firstStatusInNewJvm(Path repository, Path home) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // JGit finds the home by user.home (FS.userHome), the JVM's from the password database, not HOME.
        ProcessBuilder builder = new ProcessBuilder(List.of(
                java, "-Duser.home=" + home, "-cp", classPath, FirstGitStatus.class.getName(), repository.toString()));
        builder.environment().put("HOME", home.toString());
        builder.environment().remove("XDG_CONFIG_HOME");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        System.out.println("first git.status in a fresh home and JVM: " + out.strip());
        return out;
    }
}
