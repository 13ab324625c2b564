package dev.nixboot.steps.ssh.transfer;

/** Remote paths are POSIX strings, not {@link java.nio.file.Path}s of this machine. */
final class RemotePaths {
    private RemotePaths() {}

    /** The parent directory, or null for a bare name or the root. */
    static String parent(String path) {
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        int slash = trimmed.lastIndexOf('/');
        if (slash < 0) {
            return null;
        }
        return slash == 0 ? "/" : trimmed.substring(0, slash);
    }
}
