package dev.nixboot.steps.ssh.pinned;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.steps.ssh.knownhosts.HostKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the real ssh makes of the pinned connection's options, asked with {@code ssh -G} (no connection is made). */
class StrictForwardTest {
    private static final HostKey PINNED =
            HostKey.parse("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl");

    @Test
    void aJumpHostGoesThroughSshJWhileThePinStillHoldsForTheTarget(@TempDir Path directory) throws Exception {
        StrictForward forward = new StrictForward(
                Path.of("ssh"),
                "target.example",
                directory.resolve("known_hosts"),
                PINNED,
                null,
                true,
                "admin@bastion.example:2222",
                "127.0.0.1");

        String settings = settings(forward.settingsQuery(new Route("root", 22)));

        assertThat(settings)
                .contains(
                        "proxyjump admin@bastion.example:2222\n",
                        "stricthostkeychecking true\n",
                        "userknownhostsfile " + directory.resolve("known_hosts") + "\n",
                        "globalknownhostsfile /dev/null\n");
        assertThat(forward.command(new Route("root", 22))).containsSequence("-J", "admin@bastion.example:2222");
    }

    @Test
    void aTargetBehindAPortForwardIsForwardedToThePortItsSshdListensOn(@TempDir Path directory) {
        StrictForward forward = new StrictForward(
                Path.of("ssh"),
                "127.0.0.1",
                directory.resolve("known_hosts"),
                PINNED,
                null,
                true,
                null,
                "127.0.0.1:22");

        assertThat(forward.command(new Route("root", 40022)))
                .containsSequence("-p", "40022")
                .containsSequence("-W", "127.0.0.1:22");
        StrictForward samePort = new StrictForward(
                Path.of("ssh"), "127.0.0.1", directory.resolve("known_hosts"), PINNED, null, true, null, "127.0.0.1");
        assertThat(samePort.command(new Route("root", 40022))).containsSequence("-W", "127.0.0.1:40022");
    }

    @Test
    void withoutAJumpHostNoneIsAdded(@TempDir Path directory) throws Exception {
        StrictForward forward = new StrictForward(
                Path.of("ssh"),
                "target.example",
                directory.resolve("known_hosts"),
                PINNED,
                null,
                true,
                null,
                "127.0.0.1");

        assertThat(forward.command(new Route("root", 22))).doesNotContain("-J");
    }

    /** {@code ssh -F none -G ...}: the settings, read without the user's config files. */
    private static String settings(List<String> query) throws Exception {
        List<String> command = new ArrayList<>(query);
        command.addAll(1, List.of("-F", "none"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
