package dev.nixboot.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recursive delete removes the tree and nothing a link in it points to. */
class FileTreeTest {
    @TempDir
    Path directory;

    /** What must survive: a directory outside the tree, with a file, as a user's home or checkout would. */
    private Path outside;

    @BeforeEach
    void outsideTheTree() throws IOException {
        outside = Files.createDirectories(directory.resolve("outside/keep"));
        Files.writeString(outside.resolve("precious"), "not yours to delete\n");
    }

    @Test
    void deletesNestedDirectoriesFilesAndEmptyDirectories() throws IOException {
        Path tree = directory.resolve("tree");
        Files.createDirectories(tree.resolve("a/b/c"));
        Files.createDirectories(tree.resolve("empty"));
        Files.writeString(tree.resolve("a/b/c/deep"), "x");
        Files.writeString(tree.resolve("a/.hidden"), "x");
        Files.writeString(tree.resolve("top"), "x");
        Path readOnly = Files.writeString(tree.resolve("a/read-only"), "x");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--------"));

        FileTree.delete(tree);

        assertThat(tree).doesNotExist();
        assertThat(directory.resolve("outside/keep/precious")).hasContent("not yours to delete");
    }

    @Test
    void removesLinksToDirectoriesAndFilesOutsideAsLinks() throws IOException {
        Path tree = Files.createDirectories(directory.resolve("tree/inner"));
        Files.createSymbolicLink(tree.resolve("home"), outside);
        Files.createSymbolicLink(tree.resolve("relative-home"), Path.of("../../outside/keep"));
        Files.createSymbolicLink(tree.resolve("file"), outside.resolve("precious"));
        Files.createSymbolicLink(tree.resolve("dangling"), Path.of("nowhere"));

        FileTree.delete(directory.resolve("tree"));

        assertThat(directory.resolve("tree")).doesNotExist();
        assertThat(outside.resolve("precious")).hasContent("not yours to delete");
        assertThat(outside).isDirectory();
    }

    @Test
    void aRootThatIsALinkLosesTheLinkOnly() throws IOException {
        Path link = Files.createSymbolicLink(directory.resolve("tree"), outside);

        FileTree.delete(link);

        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(outside.resolve("precious")).hasContent("not yours to delete");
    }

    @Test
    void aRootUnderALinkedDirectoryIsDeletedThroughTheLinkOnlyAsNamed() throws IOException {
        // The path's own parents may be links (/tmp on some systems is); only links inside the tree are not followed.
        Path linkedParent = Files.createSymbolicLink(directory.resolve("via"), outside.getParent());
        Files.createDirectories(outside.resolve("tree/sub"));
        Files.createSymbolicLink(outside.resolve("tree/sub/up"), outside);

        FileTree.delete(linkedParent.resolve("keep/tree"));

        assertThat(outside.resolve("tree")).doesNotExist();
        assertThat(outside.resolve("precious")).hasContent("not yours to delete");
    }

    @Test
    void aSingleFileOrAMissingRootIsFine() throws IOException {
        Path file = Files.writeString(directory.resolve("file"), "x");

        FileTree.delete(file);
        FileTree.delete(directory.resolve("missing"));
        FileTree.delete(directory.resolve("missing/deeper"));

        assertThat(file).doesNotExist();
    }

    @Test
    void refusesARelativePathRatherThanReadTheWorkingDirectory() {
        assertThatThrownBy(() -> FileTree.delete(Path.of("tree")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an absolute path: tree");
    }
}
