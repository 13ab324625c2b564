package dev.nixboot.steps.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A directory tree as comparable text, one entry per path: type, mode, and content digest, symlink target or
 * nothing. Modification times of files are included when asked (to the second).
 */
public final class TreeSnapshot {
    private TreeSnapshot() {}

    public static Map<String, String> of(Path root, boolean withFileTimes) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.toList()) {
                String name = root.relativize(path).toString();
                PosixFileAttributes attributes =
                        Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String mode = PosixFilePermissions.toString(attributes.permissions());
                String entry;
                if (attributes.isSymbolicLink()) {
                    entry = "link -> " + Files.readSymbolicLink(path);
                } else if (attributes.isDirectory()) {
                    entry = "dir " + mode;
                } else {
                    entry = "file " + mode + " " + digest(Files.readAllBytes(path))
                            + (withFileTimes
                                    ? " @" + attributes.lastModifiedTime().toMillis() / 1000
                                    : "");
                }
                entries.put(name.isEmpty() ? "." : name, entry);
            }
        }
        return entries;
    }

    private static String digest(byte[] content) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(content))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
