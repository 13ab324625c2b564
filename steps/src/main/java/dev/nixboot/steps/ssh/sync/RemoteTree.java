package dev.nixboot.steps.ssh.sync;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.FileMode;
import net.schmizz.sshj.sftp.RemoteResourceInfo;
import net.schmizz.sshj.sftp.Response;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPException;

/**
 * The remote side of a sync, listed over SFTP (one directory listing per directory, which carries every entry's
 * attributes, plus a readlink per symlink).
 */
final class RemoteTree {
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    static RemoteTree list(SFTPClient sftp, String root) throws IOException {
        RemoteTree tree = new RemoteTree();
        FileAttributes attributes;
        try {
            attributes = sftp.lstat(root);
        } catch (SFTPException e) {
            if (e.getStatusCode() == Response.StatusCode.NO_SUCH_FILE) {
                return tree;
            }
            throw e;
        }
        tree.add(sftp, root, "", attributes);
        return tree;
    }

    Map<String, Entry> entries() {
        return entries;
    }

    private void add(SFTPClient sftp, String root, String path, FileAttributes attributes) throws IOException {
        String remotePath = path.isEmpty() ? root : root + "/" + path;
        FileMode.Type fileType = attributes.getType();
        Entry.Type type = switch (fileType) {
            case REGULAR -> Entry.Type.FILE;
            case DIRECTORY -> Entry.Type.DIRECTORY;
            case SYMLINK -> Entry.Type.SYMLINK;
            default -> Entry.Type.FILE; // anything else is in the way like a file would be
        };
        String target = type == Entry.Type.SYMLINK ? sftp.readlink(remotePath) : null;
        entries.put(path, new Entry(path, type, attributes.getMode().getPermissionsMask(), attributes.getSize(),
                attributes.getMtime(), target));
        if (type == Entry.Type.DIRECTORY) {
            for (RemoteResourceInfo child : sftp.ls(remotePath)) {
                add(sftp, root, path.isEmpty() ? child.getName() : path + "/" + child.getName(),
                        child.getAttributes());
            }
        }
    }
}
