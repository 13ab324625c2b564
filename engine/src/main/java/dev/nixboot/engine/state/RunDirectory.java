package dev.nixboot.engine.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The per-run work directory under the system temp directory. Its name is fixed when the run is set up, so plans and
 * templates can show it, but it is created only when a step asks for it (mode 0700: generated keys may land there)
 * and removed with everything in it when the run ends.
 */
public final class RunDirectory {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path path;
    private boolean created;

    public RunDirectory() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        // A random name: createDirectory then fails instead of adopting a directory someone prepared in /tmp.
        this.path = Path.of(System.getProperty("java.io.tmpdir"))
                .toAbsolutePath()
                .resolve("nixboot-run-" + HexFormat.of().formatHex(bytes));
    }

    public Path path() {
        return path;
    }

    public synchronized Path create() {
        if (!created) {
            try {
                FileAttribute<?>[] attributes =
                        FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                                ? new FileAttribute<?>[] {
                                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
                                }
                                : new FileAttribute<?>[0];
                Files.createDirectory(path, attributes);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the run directory " + path, e);
            }
            created = true;
        }
        return path;
    }

    /** Removes the directory and its content; returns the problem as a sentence, or null. */
    public synchronized String remove() {
        if (!created || !Files.exists(path)) {
            return null;
        }
        try {
            // A step may leave a link to anything in here: FileTree removes links, never what they point to.
            FileTree.delete(path);
            return null;
        } catch (IOException e) {
            return "cannot remove the run directory " + path + ": " + e.getMessage();
        }
    }
}
