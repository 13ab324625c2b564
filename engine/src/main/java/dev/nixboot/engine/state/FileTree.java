package dev.nixboot.engine.state;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes a directory tree and never follows a symbolic link out of it: a link in the tree (or the tree's root itself)
 * is removed as a link, so a run directory holding a link to the user's home costs the home nothing. Each directory is
 * opened once and its entries are deleted relative to that open directory ({@link SecureDirectoryStream}, openat and
 * unlinkat underneath), so a directory swapped for a link while the delete runs cannot redirect it either, as it could
 * a delete that walks path names.
 */
public final class FileTree {
    private FileTree() {}

    /**
     * Deletes {@code root} and everything under it; a file or a link alone is deleted as it is, and a root that does
     * not exist is no error. What vanishes while the delete runs is no error either.
     *
     * @param root an absolute path: resolving a relative one would read the process's working directory
     * @throws IOException when something cannot be deleted, or the file system cannot delete relative to an open
     *     directory (Linux and macOS can) and so cannot promise not to follow a link
     */
    public static void delete(Path root) throws IOException {
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("not an absolute path: " + root);
        }
        Path parent = root.getParent();
        if (parent == null) {
            throw new IllegalArgumentException("will not delete a file system's root: " + root);
        }
        DirectoryStream<Path> opened;
        try {
            opened = Files.newDirectoryStream(parent);
        } catch (NoSuchFileException e) {
            return;
        }
        try (DirectoryStream<Path> directory = opened) {
            if (!(directory instanceof SecureDirectoryStream<Path> secure)) {
                throw new IOException("cannot delete " + root + " without the risk of following a symbolic link:"
                        + " this file system cannot delete relative to an open directory");
            }
            deleteEntry(secure, root.getFileName());
        }
    }

    /** Deletes the entry {@code name} of the open {@code directory}: a link as a link, a directory with its content. */
    private static void deleteEntry(SecureDirectoryStream<Path> directory, Path name) throws IOException {
        try {
            BasicFileAttributes attributes = directory
                    .getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW_LINKS)
                    .readAttributes();
            if (!attributes.isDirectory()) {
                directory.deleteFile(name);
                return;
            }
            // NOFOLLOW_LINKS: should the directory have become a link since its attributes were read, opening fails.
            try (SecureDirectoryStream<Path> content = directory.newDirectoryStream(name, NOFOLLOW_LINKS)) {
                // The names first, then the deletes: deleting while reading a directory may skip entries.
                List<Path> names = new ArrayList<>();
                content.forEach(entry -> names.add(entry.getFileName()));
                for (Path entry : names) {
                    deleteEntry(content, entry);
                }
            }
            directory.deleteDirectory(name);
        } catch (NoSuchFileException e) {
            // deleted by someone else meanwhile: what was asked for is done
        }
    }
}
