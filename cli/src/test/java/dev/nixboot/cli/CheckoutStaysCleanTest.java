package dev.nixboot.cli;

import static dev.nixboot.cli.CommandResult.nixboot;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * nixboot run inside a checkout whose .gitignore does not name .nixboot/ (here: none at all), as a user runs the
 * default playbook in nix-config: its own state must not make the checkout dirty, for the git CLI or for its own
 * git.status step, which the default playbook uses to refuse uncommitted changes.
 */
@Timeout(60)
class CheckoutStaysCleanTest {
    /** The default playbook's guard, in small: git.status, then an exec that fails when the checkout is dirty. */
    private static final String PLAYBOOK = """
            name: guard
            steps:
              - id: config_status
                type: git.status
                with:
                  directory: .
              - id: config_clean
                type: exec
                needs: [config_status]
                when: ${{ not steps.config_status.outputs.clean }}
                with:
                  script: git status --short >&2; exit 1
            """;

    @TempDir
    Path checkout;

    @BeforeEach
    void committedCheckoutWithoutGitignore() throws Exception {
        git("init", "-q", "-b", "main");
        Files.writeString(checkout.resolve("flake.nix"), "{ }\n");
        Files.writeString(checkout.resolve("guard.yaml"), PLAYBOOK);
        git("add", "flake.nix", "guard.yaml");
        git("commit", "-q", "-m", "first");
    }

    @Test
    void aRunAndTheNextLeaveTheCheckoutClean() throws Exception {
        CommandResult first = nixboot(checkout, "run", "guard.yaml");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(checkout.resolve(".nixboot")).isDirectory();
        assertThat(git("status", "--porcelain")).isEmpty();

        CommandResult second = nixboot(checkout, "run", "guard.yaml");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(git("status", "--porcelain", "--ignored")).isEqualTo("!! .nixboot/\n");
    }

    @Test
    void aStateDirectoryLeftByAnOlderNixbootIsCoveredBeforeTheFirstStep() throws Exception {
        // Its state file and a generated key, without the .gitignore: git.status is the first step of the run, so
        // only a .gitignore written when the run starts, not with the first state write, keeps it clean.
        Files.createDirectories(checkout.resolve(".nixboot/keys/gusto"));
        Files.writeString(checkout.resolve(".nixboot/guard-0123456789ab.json"), "{}");
        Files.writeString(checkout.resolve(".nixboot/keys/gusto/ssh_host_ed25519_key"), "private\n");
        assertThat(git("status", "--porcelain")).isEqualTo("?? .nixboot/\n");

        CommandResult run = nixboot(checkout, "run", "guard.yaml");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain("dirty");
        assertThat(git("status", "--porcelain")).isEmpty();
    }

    private String git(String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("git", "-c", "user.name=Fixture", "-c", "user.email=f@example.org"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(checkout.toFile()).redirectErrorStream(true);
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("git %s: %s", String.join(" ", args), out)
                .isZero();
        return out;
    }
}
