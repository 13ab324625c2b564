package dev.nixboot.cli.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository the tests run in, found from the module directory Maven starts them in. */
public final class RepositoryFiles {
    private RepositoryFiles() {}

    public static Path root() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            if (Files.isDirectory(directory.resolve("engine")) && Files.isDirectory(directory.resolve("cli"))) {
                return directory;
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException(
                "not inside the nixboot repository: " + Path.of("").toAbsolutePath());
    }
}
