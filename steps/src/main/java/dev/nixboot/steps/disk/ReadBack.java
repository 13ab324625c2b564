package dev.nixboot.steps.disk;

import com.sun.nio.file.ExtendedOpenOption;
import dev.nixboot.engine.spi.ByteSize;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Reads a device back past the page cache ({@code O_DIRECT}), so what is hashed is what the drive returns and not
 * the kernel's copy of what was just written: flash that fails, or a stick that claims more than it holds, shows
 * here. Direct reads must start and end on the device's logical blocks, and Java also holds them to the block size of
 * the file system the device node is on (devtmpfs, 4 KiB): the last read is rounded up and may come back short at the
 * end of the device; only the image's length is hashed.
 */
final class ReadBack {
    static final String ACTIVITY = "verifying";

    private ReadBack() {}

    /** The SHA-256 of the first {@code length} bytes of the device. */
    static byte[] sha256(BlockDevice device, long length, StepContext context) throws StepFailure {
        MessageDigest sha256 = sha256();
        long done = 0;
        Path node = Path.of(device.node());
        try (FileChannel channel = FileChannel.open(node, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
            int unit = (int)
                    Math.max(device.logicalBlockSize(), Files.getFileStore(node).getBlockSize());
            ByteBuffer block =
                    ByteBuffer.allocateDirect(ImageWriter.BLOCK + unit).alignedSlice(unit);
            context.console().progress(ACTIVITY, 0, length);
            while (done < length) {
                if (context.isCancelled()) {
                    throw stopped(device, context);
                }
                long wanted = Math.min(ImageWriter.BLOCK, length - done);
                block.clear().limit((int) ((wanted + unit - 1) / unit * unit));
                while (block.position() < wanted) {
                    if (channel.read(block, done + block.position()) <= 0) {
                        throw new StepFailure(device.node() + " ended after " + (done + block.position())
                                + " bytes while being read back");
                    }
                }
                block.flip().limit((int) wanted);
                sha256.update(block);
                done += wanted;
                context.console().progress(ACTIVITY, done, length);
            }
        } catch (ClosedByInterruptException e) {
            throw stopped(device, context);
        } catch (IOException e) {
            throw new StepFailure(
                    "reading " + device.node() + " back failed after " + ByteSize.format(done) + ": " + e.getMessage()
                            + " (was the drive unplugged?)",
                    e);
        }
        return sha256.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static StepFailure stopped(BlockDevice device, StepContext context) {
        String message = "stopped while reading " + device.node() + " back: the image was written whole and synced,"
                + " but not verified";
        context.console().info(message);
        return new StepFailure(message);
    }
}
