package dev.nixboot.steps.ssh.sync;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * The {@code .gitignore} files of a tree, applied the way rsync's {@code --filter=':- .gitignore'} applies them: the
 * rules of a directory's file cover it and everything below, a deeper file's rules win over a shallower one's, and an
 * excluded directory is not entered at all. Patterns are parsed by JGit, so they mean what they mean to git.
 */
final class GitIgnores {
    private final Path root;
    private final boolean enabled;
    private final Map<String, IgnoreNode> nodes = new HashMap<>();

    GitIgnores(Path root, boolean enabled) {
        this.root = root;
        this.enabled = enabled;
    }

    /** Whether the path (relative, {@code /}-separated) is excluded; its ancestors must have been checked first. */
    boolean excluded(String path, boolean directory) throws IOException {
        if (!enabled || path.isEmpty()) {
            return false;
        }
        String directoryPath = parent(path);
        while (true) {
            IgnoreNode node = node(directoryPath);
            if (node != null) {
                String relative = directoryPath.isEmpty() ? path : path.substring(directoryPath.length() + 1);
                Boolean ignored = node.checkIgnored(relative, directory);
                if (ignored != null) {
                    return ignored;
                }
            }
            if (directoryPath.isEmpty()) {
                return false;
            }
            directoryPath = parent(directoryPath);
        }
    }

    private IgnoreNode node(String directoryPath) throws IOException {
        if (nodes.containsKey(directoryPath)) {
            return nodes.get(directoryPath);
        }
        Path file = (directoryPath.isEmpty() ? root : root.resolve(directoryPath)).resolve(".gitignore");
        IgnoreNode node = null;
        if (Files.isRegularFile(file)) {
            node = new IgnoreNode();
            try (InputStream in = Files.newInputStream(file)) {
                node.parse(file.toString(), in);
            }
        }
        nodes.put(directoryPath, node);
        return node;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
