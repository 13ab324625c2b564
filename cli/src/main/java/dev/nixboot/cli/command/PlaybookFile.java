package dev.nixboot.cli.command;

import dev.nixboot.cli.invocation.Invocation;
import java.nio.file.Files;
import java.nio.file.Path;

/** The PLAYBOOK argument, checked before an engine is built so a typo costs no start-up time. */
final class PlaybookFile {
    private PlaybookFile() {}

    static Path resolve(Invocation invocation, String argument) {
        Path file = invocation.resolve(argument);
        if (Files.isDirectory(file)) {
            throw new UsageException(argument + " is a directory; give the playbook's YAML file");
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no such playbook: " + argument);
        }
        return file;
    }
}
