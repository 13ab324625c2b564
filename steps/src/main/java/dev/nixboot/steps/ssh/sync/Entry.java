package dev.nixboot.steps.ssh.sync;

/**
 * One path of a tree, local or remote, with what a quick check compares.
 *
 * @param path relative to the tree's root with {@code /} separators; empty for the root
 * @param type what it is
 * @param mode permission bits
 * @param size bytes, for files
 * @param mtime modification time in whole seconds
 * @param target the link target, for symlinks
 */
record Entry(String path, Type type, int mode, long size, long mtime, String target) {
    enum Type { FILE, DIRECTORY, SYMLINK }

    /** Whether a file's content must be sent: rsync's quick check, size and modification time. */
    boolean contentDiffers(Entry remote) {
        return switch (type) {
            case FILE -> size != remote.size || mtime != remote.mtime;
            case SYMLINK -> !target.equals(remote.target);
            case DIRECTORY -> false;
        };
    }

    String parent() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
