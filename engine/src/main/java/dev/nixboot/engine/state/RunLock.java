package dev.nixboot.engine.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * One run of a playbook at a time in a directory: two runs would both run every step (for the default playbook, erase
 * the disk twice) and overwrite each other's state. An OS file lock on a file beside the state file, held while the
 * run lasts: the kernel releases it when the process ends in any way, so a {@code kill -9} never leaves a stale lock.
 * The file says who holds it, for the message the second run prints; it is never deleted, since a run waiting to lock
 * a deleted file would lock nothing.
 */
public final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Another run holds the lock. */
    public static final class HeldException extends Exception {
        private static final long serialVersionUID = 1L;

        HeldException(String holder) {
            super("another nixboot run of this playbook is going on in this directory (" + holder
                    + "); wait for it to end, or stop it, then run again");
        }
    }

    /** Takes the lock of the state file's run, or throws {@link HeldException} naming the run that has it. */
    public static RunLock acquire(StateStore store) throws IOException, HeldException {
        Path file = store.lockFile();
        store.createDirectory();
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another run in this very process
            }
            if (lock == null) {
                String holder = holder(channel).orElse("its process id is not known yet");
                channel.close();
                throw new HeldException(holder);
            }
            channel.truncate(0);
            ProcessHandle self = ProcessHandle.current();
            String started = self.info().startInstant().orElse(Instant.now()).toString();
            channel.write(
                    ByteBuffer.wrap(
                            ("pid " + self.pid() + ", started " + started + "\n").getBytes(StandardCharsets.UTF_8)),
                    0);
            channel.force(false);
            return new RunLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static Optional<String> holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
