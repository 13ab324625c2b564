package dev.nixboot.steps.ssh.sync;

import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.steps.ssh.client.SshConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.FileMode;
import net.schmizz.sshj.sftp.RemoteResourceInfo;
import net.schmizz.sshj.sftp.Response;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPException;

/**
 * The remote side of a sync. Listed by one GNU {@code find -printf} on the host, which streams every entry with its
 * attributes in a single round trip; a host whose {@code find} cannot do that is listed over SFTP instead (one
 * listing per directory, plus a readlink per symlink: a round trip each, which on a tree of 200 directories costs
 * more than the rest of a no-change sync).
 */
final class RemoteTree {
    /**
     * Per entry: type, permission bits, size and modification time, then the path relative to the root and the link
     * target, each ended by a NUL (the only byte a file name cannot hold). The root itself comes first, with an empty
     * path; parents come before their children.
     */
    private static final String FORMAT = "%y %m %s %T@\\0%P\\0%l\\0";

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** The tree at {@code root} on the host, empty when nothing is there. */
    static RemoteTree list(SshConnection connection, String root) throws StepFailure, IOException {
        RemoteTree tree = new RemoteTree();
        String quoted = quote(root);
        String command = "if [ -e " + quoted + " ] || [ -h " + quoted + " ]; then exec find " + quoted + " -printf '"
                + FORMAT + "' 2>/dev/null; fi";
        byte[] listing;
        try (Session session = connection.session()) {
            Session.Command running = session.exec(command);
            running.getOutputStream().close();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            try (InputStream in = running.getInputStream()) {
                in.transferTo(output);
            }
            running.join(1, TimeUnit.MINUTES);
            Integer exit = running.getExitStatus();
            if (exit == null || exit != 0) {
                // Not GNU find, or something unreadable: SFTP lists it, or says what is wrong.
                try (SFTPClient sftp = connection.sftp()) {
                    return list(sftp, root);
                }
            }
            listing = output.toByteArray();
        }
        tree.parse(listing);
        return tree;
    }

    /** The tree at {@code root} listed over SFTP, empty when nothing is there. */
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

    private void parse(byte[] listing) throws IOException {
        int position = 0;
        while (position < listing.length) {
            int headerEnd = next(listing, position);
            int pathEnd = next(listing, headerEnd + 1);
            int targetEnd = next(listing, pathEnd + 1);
            String[] header = new String(listing, position, headerEnd - position, StandardCharsets.US_ASCII).split(" ");
            String path = new String(listing, headerEnd + 1, pathEnd - headerEnd - 1, StandardCharsets.UTF_8);
            Entry.Type type =
                    switch (header[0]) {
                        case "d" -> Entry.Type.DIRECTORY;
                        case "l" -> Entry.Type.SYMLINK;
                        default -> Entry.Type.FILE; // anything else is in the way like a file would be
                    };
            String target = type == Entry.Type.SYMLINK
                    ? new String(listing, pathEnd + 1, targetEnd - pathEnd - 1, StandardCharsets.UTF_8)
                    : null;
            // %T@ is seconds with a fraction of ten digits ("1700000000.1234567890"): nanoseconds, then a zero.
            String time = header[3];
            int dot = time.indexOf('.');
            long mtime = Long.parseLong(dot < 0 ? time : time.substring(0, dot));
            String fraction = dot < 0 ? "" : (time.substring(dot + 1) + "000000000").substring(0, 9);
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt(fraction);
            entries.put(
                    path,
                    new Entry(
                            path,
                            type,
                            Integer.parseInt(header[1], 8),
                            Long.parseLong(header[2]),
                            mtime,
                            nanos,
                            target));
            position = targetEnd + 1;
        }
    }

    private static int next(byte[] listing, int from) throws IOException {
        for (int i = from; i < listing.length; i++) {
            if (listing[i] == 0) {
                return i;
            }
        }
        throw new IOException("the host's file listing ended in the middle of an entry");
    }

    private void add(SFTPClient sftp, String root, String path, FileAttributes attributes) throws IOException {
        String remotePath = path.isEmpty() ? root : root + "/" + path;
        FileMode.Type fileType = attributes.getType();
        Entry.Type type =
                switch (fileType) {
                    case REGULAR -> Entry.Type.FILE;
                    case DIRECTORY -> Entry.Type.DIRECTORY;
                    case SYMLINK -> Entry.Type.SYMLINK;
                    default -> Entry.Type.FILE; // anything else is in the way like a file would be
                };
        String target = type == Entry.Type.SYMLINK ? sftp.readlink(remotePath) : null;
        // SFTP version 3 has times in whole seconds only (draft-ietf-secsh-filexfer-02, section 5).
        entries.put(
                path,
                new Entry(
                        path,
                        type,
                        attributes.getMode().getPermissionsMask(),
                        attributes.getSize(),
                        attributes.getMtime(),
                        0,
                        target));
        if (type == Entry.Type.DIRECTORY) {
            for (RemoteResourceInfo child : sftp.ls(remotePath)) {
                add(sftp, root, path.isEmpty() ? child.getName() : path + "/" + child.getName(), child.getAttributes());
            }
        }
    }

    private static String quote(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }
}
