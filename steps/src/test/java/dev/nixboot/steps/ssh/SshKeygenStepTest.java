package dev.nixboot.steps.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.ssh.client.ConnectionParameters;
import dev.nixboot.steps.ssh.testing.SshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Keys checked with the real ssh-keygen and a real sshd. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SshKeygenStepTest {
    private final SshKeygenStep step = new SshKeygenStep();

    @TempDir
    Path directory;

    @Test
    void writesAnOpenSshKeyPairThatSshKeygenReadsWithPrivateModes() throws Exception {
        Path key = directory.resolve("hosts/gusto/ssh_host_ed25519_key");
        try (StepTestKit kit = ThisProcess.testKit().workingDirectory(directory)) {
            StepResult result =
                    kit.execute(step, new SshKeygenParameters("hosts/gusto/ssh_host_ed25519_key", "root@gusto", false));

            assertThat(result.failure()).isNull();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(key + ".pub"))))
                    .isEqualTo("rw-r--r--");
            String derived =
                    Commands.run("ssh-keygen", "-y", "-f", key.toString()).strip();
            assertThat(derived).isEqualTo(result.outputs().get("public_key") + " root@gusto");
            assertThat(Files.readString(Path.of(key + ".pub"))).isEqualTo(derived + "\n");
            assertThat(result.outputs().get("fingerprint"))
                    .isEqualTo(HostKeyFingerprints.of((String) result.outputs().get("public_key")));
            assertThat(result.lines().toString()).doesNotContain("PRIVATE");
        }
    }

    @Test
    void theKeyAuthenticatesAgainstSshd() throws Exception {
        try (SshServer server = SshServer.start();
                StepTestKit kit = SshTestKits.isolated(directory.resolve("home"))) {
            StepResult made = kit.execute(
                    step, new SshKeygenParameters(directory.resolve("id").toString(), "", false));
            server.authorize((String) made.outputs().get("public_key"));

            StepResult exec = kit.execute(
                    new SshExecStep(),
                    new SshExecParameters(
                            new ConnectionParameters(
                                    server.host(),
                                    server.port(),
                                    server.user(),
                                    directory.resolve("id").toString(),
                                    server.writeKnownHosts().toString(),
                                    null,
                                    false,
                                    null,
                                    null),
                            false,
                            List.of("true"),
                            null,
                            false,
                            null,
                            Map.of(),
                            false,
                            null,
                            List.of(0)));

            assertThat(exec.failure()).isNull();
        }
    }

    @Test
    void keepsAnExistingKeyUnlessToldToOverwrite() throws Exception {
        try (StepTestKit kit = ThisProcess.testKit().workingDirectory(directory)) {
            StepResult first = kit.execute(step, new SshKeygenParameters("key", "", false));
            byte[] privateKey = Files.readAllBytes(directory.resolve("key"));
            StepResult again = kit.execute(step, new SshKeygenParameters("key", "", false));

            assertThat(again.outputs().get("created")).isEqualTo(false);
            assertThat(again.outputs().get("public_key"))
                    .isEqualTo(first.outputs().get("public_key"));
            assertThat(Files.readAllBytes(directory.resolve("key"))).isEqualTo(privateKey);

            StepResult replaced = kit.execute(step, new SshKeygenParameters("key", "", true));
            assertThat(replaced.outputs().get("public_key"))
                    .isNotEqualTo(first.outputs().get("public_key"));
        }
    }
}
