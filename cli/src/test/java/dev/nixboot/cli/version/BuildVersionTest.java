package dev.nixboot.cli.version;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.testing.RepositoryFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BuildVersionTest {
    @Test
    void carriesTheProjectVersionFromThePom() throws IOException {
        String pom = Files.readString(RepositoryFiles.root().resolve("pom.xml"));
        assertThat(pom).contains("<version>" + BuildVersion.version() + "</version>");
        assertThat(BuildVersion.version()).doesNotContain("${");
    }

    @Test
    @Timeout(20)
    void carriesTheCommitTheBuildRanOnOrSaysUnknownOutsideGit() throws Exception {
        Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD")
                .directory(RepositoryFiles.root().toFile())
                .redirectErrorStream(false)
                .start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(git.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String expected = git.exitValue() == 0 ? head : "unknown";
        assertThat(BuildVersion.commit()).isEqualTo(expected);
    }
}
