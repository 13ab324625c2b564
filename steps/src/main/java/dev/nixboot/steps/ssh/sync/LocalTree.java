package dev.nixboot.steps.ssh.sync;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The local side of a sync: every path not excluded by the ignore rules, parents before children. */
final class LocalTree {
    private final Path root;
    private final GitIgnores ignores;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, PosixFileAttributes> attributes = new LinkedHashMap<>();

    private LocalTree(Path root, GitIgnores ignores) {
        this.root = root;
        this.ignores = ignores;
    }

    static LocalTree scan(Path root, GitIgnores ignores) throws IOException {
        LocalTree tree = new LocalTree(root, ignores);
        tree.add("", root);
        return tree;
    }

    Map<String, Entry> entries() {
        return entries;
    }

    PosixFileAttributes attributes(String path) {
        return attributes.get(path);
    }

    Path file(String path) {
        return path.isEmpty() ? root : root.resolve(path);
    }

    private void add(String path, Path file) throws IOException {
        PosixFileAttributes attrs = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Entry.Type type = attrs.isSymbolicLink()
                ? Entry.Type.SYMLINK
                : attrs.isDirectory() ? Entry.Type.DIRECTORY : attrs.isRegularFile() ? Entry.Type.FILE : null;
        if (type == null) {
            return; // sockets, fifos and devices: rsync -a without --specials/--devices skips them too
        }
        if (ignores.excluded(path, type == Entry.Type.DIRECTORY)) {
            return;
        }
        int mode = type == Entry.Type.SYMLINK ? 0777 : permissionBits(attrs);
        String target =
                type == Entry.Type.SYMLINK ? Files.readSymbolicLink(file).toString() : null;
        Instant modified = attrs.lastModifiedTime().toInstant();
        entries.put(
                path,
                new Entry(
                        path,
                        type,
                        mode,
                        type == Entry.Type.FILE ? attrs.size() : 0,
                        modified.getEpochSecond(),
                        modified.getNano(),
                        target));
        attributes.put(path, attrs);
        if (type == Entry.Type.DIRECTORY) {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(file)) {
                stream.forEach(children::add);
            }
            children.sort(Comparator.comparing(p -> p.getFileName().toString()));
            for (Path child : children) {
                String name = child.getFileName().toString();
                add(path.isEmpty() ? name : path + "/" + name, child);
            }
        }
    }

    private static int permissionBits(PosixFileAttributes attrs) {
        int bits = 0;
        for (var permission : attrs.permissions()) {
            bits |= 1 << (8 - permission.ordinal());
        }
        return bits;
    }
}
