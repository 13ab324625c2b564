package dev.nixboot.steps.ssh.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.state.FileTree;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.ssh.Commands;
import dev.nixboot.steps.ssh.TreeSnapshot;
import dev.nixboot.steps.ssh.testing.SshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ssh.sync against the real rsync: the same tree is mirrored by {@code rsync -a --delete --filter=':- .gitignore'}
 * and by the step (through a real sshd to a directory on this machine), and the two copies must be equal in paths,
 * types, modes, symlink targets, contents and file times — first copy, after changes, and with extraneous files on
 * the receiving side.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SshSyncStepTest {
    private static SshServer server;
    private StepTestKit kit;
    private Path source;
    private Path byRsync;
    private Path bySync;

    @TempDir
    Path directory;

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
                .workingDirectory(directory)
                .environment("HOME", directory.toString())
                .environment("SSH_AUTH_SOCK", "");
        source = directory.resolve("source");
        byRsync = directory.resolve("by-rsync");
        bySync = directory.resolve("by-sync");
        buildTree(source);
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private StepResult sync(boolean delete) {
        StepResult result = kit.execute(
                new SshSyncStep(),
                new SshSyncParameters(
                        server.connection(server.writeKnownHosts()), "source", bySync.toString(), delete, true));
        assertThat(result.failure()).isNull();
        return result;
    }

    private void rsync(boolean delete) {
        List<String> command = new ArrayList<>(List.of("rsync", "-a"));
        if (delete) {
            command.add("--delete");
        }
        command.addAll(List.of("--filter=:- .gitignore", source + "/", byRsync + "/"));
        Commands.run(command);
    }

    private void assertSameTrees() throws IOException {
        assertThat(TreeSnapshot.of(bySync, true)).isEqualTo(TreeSnapshot.of(byRsync, true));
    }

    @Test
    void firstCopyEqualsRsyncs() throws Exception {
        rsync(true);
        StepResult result = sync(true);

        assertSameTrees();
        assertThat(bySync.resolve("build")).doesNotExist();
        assertThat(bySync.resolve("docs/secret.txt")).exists();
        assertThat(Files.isSymbolicLink(bySync.resolve("dangling"))).isTrue();
        assertThat((int) result.outputs().get("sent")).isGreaterThan(10);
    }

    @Test
    void aSecondRunWithNothingChangedSendsNothing() throws Exception {
        sync(true);
        StepResult again = sync(true);

        assertThat(again.outputs().get("sent")).isEqualTo(0);
        assertThat(again.outputs().get("deleted")).isEqualTo(0);
        assertThat(again.outputs().get("sent_bytes")).isEqualTo(0L);
    }

    @Test
    void afterChangesOnBothSidesTheResultStillEqualsRsyncs() throws Exception {
        rsync(true);
        sync(true);
        for (Path copy : new Path[] {byRsync, bySync}) {
            Files.writeString(copy.resolve("extraneous.txt"), "only on the host");
            Files.createDirectories(copy.resolve("old-dir/deeper"));
            Files.writeString(copy.resolve("old-dir/deeper/f"), "x");
            Files.createDirectories(copy.resolve("build"));
            Files.writeString(copy.resolve("build/kept.bin"), "excluded, so protected");
            Files.writeString(copy.resolve("kept.log"), "excluded, so protected");
        }
        Files.writeString(source.resolve("README.md"), "changed content of another size\n");
        touch(source.resolve("README.md"), 1_700_000_100);
        Files.delete(source.resolve("docs/guide.md"));
        FileTree.delete(source.resolve("empty"));
        Files.writeString(source.resolve("new file.txt"), "new\n");
        Files.setPosixFilePermissions(source.resolve("src/config"), PosixFilePermissions.fromString("rw-r-----"));
        Files.delete(source.resolve("swap"));
        Files.createDirectories(source.resolve("swap"));
        Files.writeString(source.resolve("swap/inside"), "a file became a directory\n");
        Files.delete(source.resolve("link-to-docs"));
        Files.createSymbolicLink(source.resolve("link-to-docs"), Path.of("src"));

        rsync(true);
        StepResult result = sync(true);

        assertSameTrees();
        assertThat(bySync.resolve("build/kept.bin")).exists();
        assertThat(bySync.resolve("extraneous.txt")).doesNotExist();
        // extraneous.txt, old-dir, docs/guide.md, empty, and the file swap that is in the way of a directory
        assertThat(result.outputs().get("deleted")).isEqualTo(5);
    }

    @Test
    void withoutDeleteExtraneousFilesStayLikeRsyncWithoutDelete() throws Exception {
        Files.createDirectories(bySync);
        Files.createDirectories(byRsync);
        Files.writeString(bySync.resolve("extraneous.txt"), "x");
        Files.writeString(byRsync.resolve("extraneous.txt"), "x");
        touch(bySync.resolve("extraneous.txt"), 1_700_000_000);
        touch(byRsync.resolve("extraneous.txt"), 1_700_000_000);

        rsync(false);
        sync(false);

        assertSameTrees();
        assertThat(bySync.resolve("extraneous.txt")).exists();
    }

    @Test
    void onlyTouchedFilesAreSentAgain() throws Exception {
        sync(true);
        touch(source.resolve("README.md"), 1_700_000_500);
        touch(source.resolve("docs/nested/deep/file.txt"), 1_700_000_500);

        StepResult result = sync(true);

        // the two files plus their parent directories, whose times tar restores after writing into them
        assertThat(result.outputs().get("sent")).isEqualTo(2 + 4);
        rsync(true);
        assertSameTrees();
    }

    @Test
    void keepsSubSecondModificationTimesToTheNanosecondAsRsyncDoes() throws Exception {
        // rsync -a sets the time of what it sends with nanoseconds (rsync.c set_file_attrs, ST_MTIME_NSEC).
        Files.setLastModifiedTime(
                source.resolve("docs/guide.md"), FileTime.from(Instant.ofEpochSecond(1_700_000_000, 123_456_789)));
        Files.setLastModifiedTime(
                source.resolve("docs/nested/deep"), FileTime.from(Instant.ofEpochSecond(1_700_000_002, 5)));
        Files.setLastModifiedTime(
                source.resolve("docs"), FileTime.from(Instant.ofEpochSecond(1_700_000_001, 987_654_321)));

        rsync(true);
        sync(true);

        for (String path : List.of("docs/guide.md", "docs/nested/deep", "docs", "README.md")) {
            String original = statTime(source.resolve(path));
            assertThat(statTime(bySync.resolve(path)))
                    .as(path)
                    .isEqualTo(original)
                    .isEqualTo(statTime(byRsync.resolve(path)));
        }
        assertThat(statTime(bySync.resolve("docs/guide.md"))).endsWith(".123456789 +0000");
    }

    /** The modification time as {@code stat -c %y} prints it: to the nanosecond, in UTC. */
    private static String statTime(Path path) {
        return Commands.run("env", "TZ=UTC", "stat", "-c", "%y", path.toString())
                .strip();
    }

    private static void buildTree(Path root) throws IOException {
        Files.createDirectories(root);
        write(root, ".gitignore", "*.log\nbuild/\n/secret.txt\n*.tmp\n");
        write(root, "README.md", "# readme\n");
        write(root, "secret.txt", "ignored at the root only\n");
        write(root, "app.log", "ignored\n");
        write(root, "build/out.bin", "ignored directory\n");
        write(root, "docs/guide.md", "guide\n");
        write(root, "docs/secret.txt", "not ignored: the root rule is anchored\n");
        write(root, "docs/x.tmp", "ignored\n");
        write(root, "docs/.gitignore", "draft*\n");
        write(root, "docs/draft1.md", "ignored by docs/.gitignore\n");
        write(root, "docs/nested/deep/file.txt", "deep\n");
        write(root, "docs/nested/draft2.md", "ignored, inherited rule\n");
        write(root, "src/main.sh", "#!/bin/sh\n");
        Files.setPosixFilePermissions(root.resolve("src/main.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        write(root, "src/config", "private\n");
        Files.setPosixFilePermissions(root.resolve("src/config"), PosixFilePermissions.fromString("rw-------"));
        write(root, "ünïcødé/файл 名前.txt", "unicode\n");
        write(root, "it's a \"file\".txt", "quotes\n");
        write(root, "swap", "a file that becomes a directory\n");
        String longName = "a".repeat(60) + "/" + "b".repeat(60) + "/" + "c".repeat(90) + ".txt";
        write(root, longName, "long path\n");
        Files.write(root.resolve("big.bin"), new byte[1024 * 1024 + 3]);
        Files.createDirectories(root.resolve("empty"));
        Files.createDirectories(root.resolve("private"));
        Files.setPosixFilePermissions(root.resolve("private"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(root.resolve("link-to-docs"), Path.of("docs"));
        Files.createSymbolicLink(root.resolve("absolute"), Path.of("/etc/hostname"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("nowhere"));
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!Files.isSymbolicLink(path)) {
                    touch(path, 1_700_000_000);
                }
            }
        }
    }

    private static void write(Path root, String name, String content) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void touch(Path file, long epochSecond) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(epochSecond)));
    }
}
