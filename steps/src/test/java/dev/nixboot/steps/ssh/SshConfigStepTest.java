package dev.nixboot.steps.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.ssh.testing.SshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An SSH step addressed by a {@code ~/.ssh/config} alias, against a real sshd: the configuration as ssh reads it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SshConfigStepTest {
    private static SshServer server;

    @TempDir
    Path home;

    private StepTestKit kit;

    @BeforeAll
    static void startServer() {
        server = SshServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void setUp() throws IOException {
        kit = SshTestKits.isolated(home);
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private void config(String text) throws IOException {
        Path config = home.resolve(".ssh/config");
        Files.writeString(config, text);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    }

    private StepResult echo(String host) {
        return kit.execute(new SshExecStep(), "host: " + host + "\ncommand: [echo, here]\n");
    }

    @Test
    void trailingCommentsAreNotPartOfTheValues() throws IOException {
        Path knownHosts = server.writeKnownHosts();
        config("""
                Host gusto # the lab machine
                    HostName %s # loopback
                    Port %d # not 22
                    User %s # whoever runs the tests
                    IdentityFile %s # its key
                    UserKnownHostsFile %s # its own file
                """.formatted(server.host(), server.port(), server.user(), server.clientIdentity(), knownHosts));

        StepResult result = echo("gusto");

        assertThat(result.failure()).isNull();
        assertThat(result.outputs().get("stdout")).isEqualTo("here\n");
    }

    @Test
    void acceptNewFromTheConfigRecordsTheKeyInItsUserKnownHostsFile() throws IOException {
        Path knownHosts = home.resolve("lab_known_hosts");
        config("""
                Host lab
                    HostName %s
                    Port %d
                    User %s
                    IdentityFile %s
                    UserKnownHostsFile %s
                    StrictHostKeyChecking accept-new
                    HashKnownHosts yes
                """.formatted(server.host(), server.port(), server.user(), server.clientIdentity(), knownHosts));

        StepResult result = echo("lab");

        assertThat(result.failure()).isNull();
        assertThat(Files.readString(knownHosts)).startsWith("|1|").contains(server.hostKey());
        assertThat(home.resolve(".ssh/known_hosts")).doesNotExist();
    }

    @Test
    void strictHostKeyCheckingNoIsNotFollowedAndTheMessageSaysSo() throws IOException {
        config("""
                Host lab
                    HostName %s
                    Port %d
                    IdentityFile %s
                    StrictHostKeyChecking no
                    UserKnownHostsFile /dev/null
                """.formatted(server.host(), server.port(), server.clientIdentity()));

        StepResult result = echo("lab");

        assertThat(result.failure())
                .hasMessageContaining("is not known")
                .hasMessageContaining("StrictHostKeyChecking false is not followed");
    }

    @Test
    void aPortOutOfRangeIsAnErrorNamingFileAndLine() throws IOException {
        config("Host lab\n    HostName %s\n    Port 70000\n".formatted(server.host()));

        StepResult result = echo("lab");

        assertThat(result.failure()).hasMessageContaining(home.resolve(".ssh/config") + " line 3: Bad port '70000'");
    }

    @Test
    void aSettingNixbootCannotHonourFailsTheStepByName() throws IOException {
        server.writeKnownHosts();
        config("""
                Host lab
                    HostName %s
                    Port %d
                    IdentityFile %s
                    BindAddress 127.0.0.9
                """.formatted(server.host(), server.port(), server.clientIdentity()));

        StepResult result = echo("lab");

        assertThat(result.failure())
                .hasMessageContaining("bindaddress 127.0.0.9")
                .hasMessageContaining("nixboot does not choose the local address");
    }
}
