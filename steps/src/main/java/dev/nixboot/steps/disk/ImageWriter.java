package dev.nixboot.steps.disk;

import dev.nixboot.engine.spi.ByteSize;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Copies an image onto a device in 4 MiB blocks, each synced to the drive before the next is written ({@code O_DSYNC},
 * the seed's {@code dd bs=4M oflag=sync}): progress then counts bytes on the drive rather than in the page cache, and
 * a cancel waits for one block at most. The device is opened for writing only, never created: a drive unplugged since
 * the check makes the open fail instead of leaving a file named like it.
 */
final class ImageWriter {
    static final int BLOCK = 4 << 20;
    static final String ACTIVITY = "writing";

    private ImageWriter() {}

    /** Writes the image, flushes the device, and returns the SHA-256 of the bytes written. */
    static byte[] write(Path image, long imageBytes, BlockDevice device, StepContext context)
            throws StepFailure, IOException {
        MessageDigest sha256 = ReadBack.sha256();
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
        long done = 0;
        try (FileChannel source = FileChannel.open(image, StandardOpenOption.READ);
                FileChannel target =
                        FileChannel.open(Path.of(device.node()), StandardOpenOption.WRITE, StandardOpenOption.DSYNC)) {
            context.console().progress(ACTIVITY, 0, imageBytes);
            while (done < imageBytes) {
                if (context.isCancelled()) {
                    throw stopped(done, imageBytes, device, context);
                }
                block.clear().limit((int) Math.min(BLOCK, imageBytes - done));
                while (block.hasRemaining()) {
                    if (source.read(block, done + block.position()) < 0) {
                        throw new StepFailure(image + " shrank to " + (done + block.position()) + " bytes while it"
                                + " was being written; " + device.node() + " holds part of it");
                    }
                }
                block.flip();
                sha256.update(block.duplicate());
                while (block.hasRemaining()) {
                    target.write(block, done + block.position());
                }
                done += block.limit();
                context.console().progress(ACTIVITY, done, imageBytes);
            }
            target.force(true);
        } catch (ClosedByInterruptException e) {
            throw stopped(done, imageBytes, device, context);
        } catch (IOException e) {
            throw new StepFailure(
                    "writing " + device.node() + " failed after " + ByteSize.format(done) + " of "
                            + ByteSize.format(imageBytes) + ": " + e.getMessage()
                            + " (was the drive unplugged?); it holds"
                            + " part of the image and will not boot",
                    e);
        }
        return sha256.digest();
    }

    private static StepFailure stopped(long done, long total, BlockDevice device, StepContext context) {
        String message = "stopped after writing " + ByteSize.format(done) + " of " + ByteSize.format(total) + " to "
                + device.node() + ": it now holds part of the image and will not boot; run the step again to write"
                + " it whole";
        // A cancelled step's failure is replaced by the reason it was cancelled; the line says what it left behind.
        context.console().info(message);
        return new StepFailure(message);
    }
}
