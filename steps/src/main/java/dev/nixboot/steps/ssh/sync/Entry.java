package dev.nixboot.steps.ssh.sync;

import java.time.Instant;

/**
 * One path of a tree, local or remote, with what a quick check compares.
 *
 * @param path relative to the tree's root with {@code /} separators; empty for the root
 * @param type what it is
 * @param mode permission bits
 * @param size bytes, for files
 * @param mtime modification time in whole seconds, what the quick check compares
 * @param mtimeNanos the nanoseconds within that second, which the copy keeps as rsync -a does
 * @param target the link target, for symlinks
 */
record Entry(String path, Type type, int mode, long size, long mtime, int mtimeNanos, String target) {
    enum Type {
        FILE,
        DIRECTORY,
        SYMLINK
    }

    /** The modification time to give the copy, to the nanosecond. */
    Instant modified() {
        return Instant.ofEpochSecond(mtime, mtimeNanos);
    }

    /**
     * Whether a file's content must be sent: rsync's quick check, size and modification time. Times are compared in
     * whole seconds, as rsync does with its default {@code --modify-window=0} (util1.c same_time: "if (modify_window
     * == 0) return f1_sec == f2_sec;"), while what is sent gets its exact time (rsync.c set_file_attrs).
     */
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
