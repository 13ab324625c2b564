package dev.nixboot.steps.ssh.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.FileMode;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.RemoteResourceInfo;
import net.schmizz.sshj.sftp.Response;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPException;

/**
 * Copies files and trees over SFTP in both directions, keeping modes, modification times and symlinks. A file that
 * gets an explicit mode is created with owner-only access and given its mode once written, so a private key is never
 * readable by others, not even while it is being written.
 */
public final class SftpCopier {
    /** SFTP writes in flight at once: hides the round trip per 32 KiB packet on a slow link. */
    private static final int WRITES_IN_FLIGHT = 32;

    private final SFTPClient sftp;
    private long files;
    private long bytes;

    public SftpCopier(SFTPClient sftp) {
        this.sftp = sftp;
    }

    public long files() {
        return files;
    }

    public long bytes() {
        return bytes;
    }

    /** Uploads a file, a symlink or a directory tree; {@code mode} (bits, or null) applies to every regular file. */
    public void upload(Path local, String remote, Integer mode) throws IOException {
        if (Files.isSymbolicLink(local)) {
            removeIfExists(remote);
            // OpenSSH's sftp-server reads SSH_FXP_SYMLINK's arguments in the reverse of the draft's order (target
            // first), and SSHJ sends them in the draft's order: so the target goes where SSHJ expects the link.
            sftp.symlink(Files.readSymbolicLink(local).toString(), remote);
            files++;
        } else if (Files.isDirectory(local)) {
            if (sftp.statExistence(remote) == null) {
                sftp.mkdir(remote);
            }
            List<Path> children;
            try (Stream<Path> list = Files.list(local)) {
                children = list.sorted().toList();
            }
            for (Path child : children) {
                upload(child, remote + "/" + child.getFileName(), mode);
            }
            sftp.setattr(remote, attributes(local, Modes.bits(Files.getPosixFilePermissions(local))));
        } else {
            int bits = mode != null ? mode : Modes.bits(Files.getPosixFilePermissions(local));
            try (InputStream in = Files.newInputStream(local)) {
                write(in, remote, bits);
            }
            sftp.setattr(remote, attributes(local, bits));
        }
    }

    /** Writes a file from a stream: created 0600, given {@code bits} once complete. */
    public void write(InputStream in, String remote, int bits) throws IOException {
        FileAttributes existing = sftp.statExistence(remote);
        if (existing != null && existing.getType() != FileMode.Type.REGULAR) {
            throw new IOException(remote + " exists and is not a regular file");
        }
        if (existing != null) {
            sftp.chmod(remote, 0600);
        }
        FileAttributes privateMode =
                new FileAttributes.Builder().withPermissions(0600).build();
        try (RemoteFile file =
                        sftp.open(remote, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.TRUNC), privateMode);
                OutputStream out = file.new RemoteFileOutputStream(0, WRITES_IN_FLIGHT)) {
            bytes += in.transferTo(out);
        }
        sftp.chmod(remote, bits);
        files++;
    }

    /** Downloads a file, a symlink or a directory tree; {@code mode} (bits, or null) applies to every file. */
    public void download(String remote, Path local, Integer mode) throws IOException {
        FileAttributes attributes = sftp.lstat(remote);
        switch (attributes.getType()) {
            case SYMLINK -> {
                Files.deleteIfExists(local);
                Files.createSymbolicLink(local, Path.of(sftp.readlink(remote)));
                files++;
            }
            case DIRECTORY -> {
                if (!Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(local);
                }
                for (RemoteResourceInfo child : sftp.ls(remote)) {
                    download(remote + "/" + child.getName(), local.resolve(child.getName()), mode);
                }
                Files.setPosixFilePermissions(
                        local, Modes.permissions(attributes.getMode().getPermissionsMask()));
                Files.setLastModifiedTime(local, FileTime.fromMillis(attributes.getMtime() * 1000));
            }
            case REGULAR -> {
                int bits = mode != null ? mode : attributes.getMode().getPermissionsMask();
                Path temporary = Files.createTempFile(
                        local.toAbsolutePath().getParent(),
                        ".nixboot-",
                        ".part",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try {
                    try (RemoteFile file = sftp.open(remote);
                            InputStream in = file.new ReadAheadRemoteFileInputStream(16);
                            OutputStream out = Files.newOutputStream(temporary)) {
                        bytes += in.transferTo(out);
                    }
                    Files.setPosixFilePermissions(temporary, Modes.permissions(bits));
                    Files.setLastModifiedTime(temporary, FileTime.fromMillis(attributes.getMtime() * 1000));
                    Files.move(temporary, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temporary);
                }
                files++;
            }
            default -> throw new IOException(remote + " is neither a file, a directory nor a symlink");
        }
    }

    private void removeIfExists(String remote) throws IOException {
        try {
            FileAttributes existing = sftp.lstat(remote);
            if (existing.getType() == FileMode.Type.DIRECTORY) {
                throw new IOException(remote + " is a directory; remove it first");
            }
            sftp.rm(remote);
        } catch (SFTPException e) {
            if (e.getStatusCode() != Response.StatusCode.NO_SUCH_FILE) {
                throw e;
            }
        }
    }

    private static FileAttributes attributes(Path local, int bits) throws IOException {
        long mtime = Files.getLastModifiedTime(local).toMillis() / 1000;
        return new FileAttributes.Builder()
                .withPermissions(bits)
                .withAtimeMtime(mtime, mtime)
                .build();
    }
}
