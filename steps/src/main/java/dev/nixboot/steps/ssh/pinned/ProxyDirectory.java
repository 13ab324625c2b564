package dev.nixboot.steps.ssh.pinned;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;

/**
 * The step's files, in the run directory (mode 0700, removed when the run ends): the known_hosts file with the pinned
 * key and one ProxyCommand script per route. Their paths travel through nixos-anywhere's {@code NIX_SSHOPTS}, which
 * nix splits at spaces, and through the shell ssh runs a ProxyCommand with, so only plain characters are allowed.
 */
final class ProxyDirectory {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._/+-]+");

    private ProxyDirectory() {}

    /** Where a step keeps its files: {@code <run directory>/<step id>}. */
    static Path of(Path runDirectory, String stepId) {
        return runDirectory.resolve(stepId);
    }

    /** Null when the path survives splitting and the shell unchanged, else what is wrong and what to do. */
    static String problem(Path directory) {
        if (PLAIN.matcher(directory.toString()).matches()) {
            return null;
        }
        return "the run directory " + directory + " has a character (a space, say) that nix's splitting of NIX_SSHOPTS"
                + " or the shell running ProxyCommand would change; run nixboot with a temporary directory without one:"
                + " JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=/tmp";
    }

    static void create(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectory(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    /** Writes a file that only its owner may read ({@code rw-------}) or also run ({@code rwx------}). */
    static void write(Path file, String content, String mode) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }
}
