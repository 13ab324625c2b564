package dev.nixboot.steps.ssh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.ssh.TreeSnapshot;
import dev.nixboot.steps.ssh.testing.SshServer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

/** Upload and download against a real sshd on this machine, so the "remote" files can be inspected directly. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransferStepsTest {
    private static SshServer server;
    private StepTestKit kit;
    private Path knownHosts;

    @TempDir
    Path local;

    @TempDir
    Path remote;

    @BeforeAll
    static void startServer() {
        server = SshServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        kit = ThisProcess.testKit()
                .workingDirectory(local)
                .environment("HOME", local.toString())
                .environment("SSH_AUTH_SOCK", "");
        knownHosts = server.writeKnownHosts();
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private StepResult upload(String source, String content, String destination, String mode, String owner) {
        return kit.execute(
                new SshUploadStep(),
                new SshUploadParameters(
                        server.connection(knownHosts), source, content, destination, mode, owner, true));
    }

    private StepResult download(String source, String destination, String mode) {
        return kit.execute(
                new SshDownloadStep(),
                new SshDownloadParameters(server.connection(knownHosts), source, destination, mode, true));
    }

    @Test
    void aPrivateKeyLandsWithMode0600EvenOverAWorldReadableFile() throws Exception {
        Path target = remote.resolve("persist/age/keys.txt");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));

        StepResult result = upload(null, "AGE-SECRET-KEY-1XYZ\n", target.toString(), "0600", null);

        assertThat(result.failure()).isNull();
        assertThat(Files.readString(target)).isEqualTo("AGE-SECRET-KEY-1XYZ\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                .isEqualTo("rw-------");
        assertThat(result.lines().toString()).doesNotContain("AGE-SECRET");
    }

    @Test
    void uploadsATreeWithModesSymlinksAndUnicodeNamesAndDownloadsItBackEqual() throws Exception {
        Path tree = Files.createDirectories(local.resolve("tree"));
        Files.createDirectories(tree.resolve("sub/深い/ディレクトリ"));
        Files.writeString(tree.resolve("sub/深い/ディレクトリ/файл.txt"), "unicode ✓\n");
        Files.writeString(tree.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(tree.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.write(tree.resolve("big.bin"), new byte[3 * 1024 * 1024 + 17]);
        Files.createSymbolicLink(tree.resolve("link"), Path.of("sub/深い"));
        Files.createSymbolicLink(tree.resolve("dangling"), Path.of("nowhere"));
        Files.setPosixFilePermissions(tree.resolve("sub"), PosixFilePermissions.fromString("rwx--x--x"));

        StepResult up = upload("tree", null, remote.resolve("copy").toString(), null, null);
        StepResult down = download(remote.resolve("copy").toString(), "back", null);

        assertThat(up.failure()).isNull();
        assertThat(down.failure()).isNull();
        assertThat(TreeSnapshot.of(remote.resolve("copy"), true)).isEqualTo(TreeSnapshot.of(tree, true));
        assertThat(TreeSnapshot.of(local.resolve("back"), true)).isEqualTo(TreeSnapshot.of(tree, true));
        assertThat(Files.isSymbolicLink(local.resolve("back/dangling"))).isTrue();
        assertThat(up.outputs().get("files")).isEqualTo(5L);
    }

    @Test
    void reopensADroppedConnectionForTheNextTransfer() throws Exception {
        assertThat(upload(null, "first\n", remote.resolve("first.txt").toString(), null, null)
                        .failure())
                .isNull();
        server.dropConnections();

        StepResult second =
                upload(null, "second\n", remote.resolve("second.txt").toString(), null, null);

        assertThat(second.failure()).isNull();
        assertThat(Files.readString(remote.resolve("second.txt"))).isEqualTo("second\n");
    }

    @Test
    void downloadsAFileWithTheModeAsked() throws Exception {
        Files.writeString(remote.resolve("hardware.nix"), "{ }\n");

        StepResult result = download(remote.resolve("hardware.nix").toString(), "hosts/gusto/hardware.nix", "0640");

        assertThat(result.failure()).isNull();
        Path file = local.resolve("hosts/gusto/hardware.nix");
        assertThat(Files.readString(file)).isEqualTo("{ }\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-r-----");
    }

    @Test
    void setsTheOwnerAskedFor() throws Exception {
        String owner = "root".equals(server.user()) ? "nobody" : server.user();

        StepResult result = upload(null, "x", remote.resolve("owned").toString(), "0644", owner);

        assertThat(result.failure()).isNull();
        assertThat(Files.getOwner(remote.resolve("owned"), LinkOption.NOFOLLOW_LINKS)
                        .getName())
                .isEqualTo(owner);
    }

    @Test
    void aMissingSourceOrRemoteFileIsReportedInOneLine() {
        assertThat(upload("absent", null, remote.resolve("x").toString(), null, null)
                        .failure())
                .hasMessage("source " + local.resolve("absent") + " does not exist");
        assertThat(download(remote.resolve("absent").toString(), "x", null).failure())
                .hasMessageStartingWith("download of 127.0.0.1:" + remote.resolve("absent") + " failed: ");
    }
}
