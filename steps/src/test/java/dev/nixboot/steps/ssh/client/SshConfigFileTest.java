package dev.nixboot.steps.ssh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigFileTest {
    @TempDir
    Path home;

    private void write(String path, String... lines) throws IOException {
        Path file = home.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    private SshConfigFile.Settings lookup(String host) throws IOException {
        return SshConfigFile.read(home).lookup(host);
    }

    @Test
    void firstValueWinsAndIdentityFilesAccumulate() throws IOException {
        write(".ssh/config",
                "Host gusto", "  HostName 10.0.0.5", "  Port 2222", "  IdentityFile ~/.ssh/gusto",
                "Host *", "  User admin", "  Port 22", "  IdentityFile ~/.ssh/id_ed25519", "  ForwardAgent yes");

        SshConfigFile.Settings settings = lookup("gusto");

        assertThat(settings.hostName()).isEqualTo("10.0.0.5");
        assertThat(settings.port()).isEqualTo(2222);
        assertThat(settings.user()).isEqualTo("admin");
        assertThat(settings.identityFiles()).containsExactly("~/.ssh/gusto", "~/.ssh/id_ed25519");
        assertThat(settings.forwardAgent()).isTrue();
    }

    @Test
    void includedFilesAreReadInPlaceInLexicalOrderRelativeToTheSshDirectory() throws IOException {
        write(".ssh/config", "Include config.d/*", "Host *", "  User fallback");
        write(".ssh/config.d/20-later", "Host gusto", "  Port 2200", "  User later");
        write(".ssh/config.d/10-hosts", "Host gusto", "  HostName 10.0.0.5", "  User root");

        SshConfigFile.Settings settings = lookup("gusto");

        assertThat(settings.hostName()).isEqualTo("10.0.0.5");
        assertThat(settings.user()).isEqualTo("root");
        assertThat(settings.port()).isEqualTo(2200);
        assertThat(lookup("other").user()).isEqualTo("fallback");
    }

    @Test
    void anIncludeInABlockThatDoesNotApplyIsSkippedAndAnIncludedHostLineDoesNotLeakOut() throws IOException {
        write(".ssh/config",
                "Host elsewhere", "  Include ~/.ssh/elsewhere.conf",
                "Host gusto", "  Include ~/.ssh/gusto.conf", "  User after-include");
        write(".ssh/elsewhere.conf", "HostName wrong.example");
        write(".ssh/gusto.conf", "Port 2222", "Host nothing-matches", "  HostName wrong.example");

        SshConfigFile.Settings settings = lookup("gusto");

        assertThat(settings.hostName()).isNull();
        assertThat(settings.port()).isEqualTo(2222);
        assertThat(settings.user()).isEqualTo("after-include");
    }

    @Test
    void absolutePathsWildcardsInDirectoriesAndMissingFilesWorkAsInSsh() throws IOException {
        write("elsewhere/a/ssh.conf", "Host gusto", "  Port 2201");
        write("elsewhere/b/ssh.conf", "Host gusto", "  Port 2202", "  User b");
        write(".ssh/config", "Include " + home.resolve("elsewhere") + "/*/ssh.conf ~/.ssh/missing.conf");

        SshConfigFile.Settings settings = lookup("gusto");

        assertThat(settings.port()).isEqualTo(2201);
        assertThat(settings.user()).isEqualTo("b");
    }

    @Test
    void aFileThatIncludesItselfIsAClearError() throws IOException {
        write(".ssh/config", "Include config");

        assertThatThrownBy(() -> lookup("gusto")).isInstanceOf(IOException.class)
                .hasMessageContaining("nested Include");
    }

    @Test
    void matchBlocksOnAllHostAndOriginalHostApplyAndOthersAreSkipped() throws IOException {
        write(".ssh/config",
                "Host gusto", "  HostName 10.0.0.5",
                "Match exec \"true\"", "  User from-exec",
                "Match originalhost gusto,other !host 10.0.0.6", "  Port 2222",
                "Match host 10.0.0.*", "  User from-hostname",
                "Match all", "  User everyone", "  IdentityFile ~/.ssh/all");

        SshConfigFile.Settings gusto = lookup("gusto");
        SshConfigFile.Settings elsewhere = lookup("elsewhere");

        assertThat(gusto.port()).isEqualTo(2222);
        assertThat(gusto.user()).isEqualTo("from-hostname");
        assertThat(gusto.identityFiles()).containsExactly("~/.ssh/all");
        assertThat(elsewhere.port()).isNull();
        assertThat(elsewhere.user()).isEqualTo("everyone");
    }

    @Test
    void noConfigMeansNoSettings() throws IOException {
        SshConfigFile.Settings settings = lookup("gusto");

        assertThat(settings.hostName()).isNull();
        assertThat(settings.identityFiles()).isEmpty();
    }
}
