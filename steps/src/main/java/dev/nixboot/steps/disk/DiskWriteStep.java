package dev.nixboot.steps.disk;

import dev.nixboot.engine.spi.ByteSize;
import dev.nixboot.engine.spi.DurationText;
import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code disk.write}: what the seed's {@code just iso-install /dev/sdX} does with a bare {@code dd}, made safe. It
 * refuses a device this machine uses (mounted, swap, the root disk, held by device-mapper or a loop device), a
 * partition, a read-only or too small device, and a fixed disk unless told; asks with the drive's model, serial, size
 * and partitions; writes with progress, each block synced; and reads the device back to compare SHA-256s.
 */
public final class DiskWriteStep implements Step<DiskWriteParameters, DiskWriteOutputs> {
    private final HostFiles files;

    public DiskWriteStep() {
        this(HostFiles.SYSTEM);
    }

    DiskWriteStep(HostFiles files) {
        this.files = files;
    }

    @Override
    public String type() {
        return "disk.write";
    }

    @Override
    public String summary() {
        return "Write an image (an installer ISO) to a USB drive, refusing disks in use, then read it back to verify.";
    }

    @Override
    public Class<DiskWriteParameters> parameters() {
        return DiskWriteParameters.class;
    }

    @Override
    public Class<DiskWriteOutputs> outputs() {
        return DiskWriteOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: write_iso
                  type: disk.write
                  with:
                    image: ${{ steps.find_iso.outputs.stdout }}
                    device: /dev/disk/by-id/usb-SanDisk_Ultra_4C530001230918117311-0:0
                """;
    }

    @Override
    public StepPlan plan(DiskWriteParameters parameters, PlanContext context) {
        Path image = context.localPath(parameters.image());
        OptionalLong imageBytes = imageSize(image);
        // An image made by an earlier step is not there in a dry run; its name is then a placeholder, shown as such.
        String imageText = imageBytes.isPresent()
                ? image + " (" + ByteSize.format(imageBytes.getAsLong()) + ")"
                : parameters.image();
        List<String> actions = new ArrayList<>();
        String node = parameters.device();
        String description = null;
        try {
            BlockDevice device = devices().inspect(parameters.device());
            node = device.node();
            description = device.describe();
            actions.add("check " + device.shown() + ": " + description
                    + (imageBytes.isPresent() ? "" : "; whether the image fits is checked when the step runs"));
            for (String refusal : refusals(device, imageBytes, parameters)) {
                actions.add("refuse: " + refusal);
            }
        } catch (StepFailure e) {
            actions.add("check " + parameters.device() + ": " + e.getMessage() + " (checked again when the step"
                    + " runs)");
        }
        actions.add("ask: " + question(node, description, imageText) + " [y/N]");
        actions.add("write " + (imageBytes.isPresent() ? image : parameters.image()) + " to " + node + " in "
                + ByteSize.format(ImageWriter.BLOCK) + " blocks, each synced to the drive (like dd bs=4M oflag=sync),"
                + " with progress; then fsync " + node);
        actions.add("verify: read " + node + " back past the page cache (O_DIRECT) and compare its SHA-256 with the"
                + " image's");
        return new StepPlan(actions);
    }

    @Override
    public DiskWriteOutputs execute(DiskWriteParameters parameters, StepContext context) throws StepFailure {
        Path image = context.localPath(parameters.image());
        long imageBytes = imageSize(image).orElseThrow(() -> new StepFailure(image + " is not a readable file"));
        if (imageBytes == 0) {
            throw new StepFailure(image + " is empty: there is nothing to write");
        }
        BlockDevice device = checked(parameters, imageBytes);
        context.console().info(device.shown() + ": " + device.describe());
        String question = question(device.node(), device.describe(), image + " (" + ByteSize.format(imageBytes) + ")");
        if (!context.interaction().confirm(question)) {
            throw new StepFailure("declined: nothing was written to " + device.node());
        }
        // The answer may come minutes later: a desktop may have mounted the drive, or another one is in its place.
        BlockDevice now = checked(parameters, imageBytes);
        if (!now.sameDrive(device)) {
            throw new StepFailure(parameters.device() + " changed since the question (now " + now.describe()
                    + "): nothing was written; run the step again");
        }
        long start = System.nanoTime();
        byte[] written;
        try {
            written = ImageWriter.write(image, imageBytes, device, context);
        } catch (IOException e) {
            throw new StepFailure("cannot read " + image + ": " + e.getMessage(), e);
        }
        long nanos = Math.max(1, System.nanoTime() - start);
        String rate = ByteSize.format((long) (imageBytes * 1e9 / nanos)) + "/s";
        context.console()
                .info("wrote and synced " + ByteSize.format(imageBytes) + " in "
                        + DurationText.format(Duration.ofNanos(nanos)) + " (" + rate + "); reading it back");
        byte[] read = ReadBack.sha256(device, imageBytes, context);
        HexFormat hex = HexFormat.of();
        if (!MessageDigest.isEqual(written, read)) {
            throw new StepFailure("verification failed: the first " + imageBytes + " bytes of " + device.node()
                    + " read back with SHA-256 " + hex.formatHex(read) + ", the image has " + hex.formatHex(written)
                    + ": the drive did not keep what was written (failing flash, or less room than it claims);"
                    + " do not boot from it");
        }
        context.console()
                .info("verified: " + device.node() + " holds the image (SHA-256 " + hex.formatHex(written)
                        + "); the drive can be unplugged");
        return new DiskWriteOutputs(device.node(), imageBytes, hex.formatHex(written));
    }

    /** The device, or a failure with every reason to refuse it. */
    private BlockDevice checked(DiskWriteParameters parameters, long imageBytes) throws StepFailure {
        BlockDevice device = devices().inspect(parameters.device());
        List<String> refusals = refusals(device, OptionalLong.of(imageBytes), parameters);
        if (!refusals.isEmpty()) {
            throw new StepFailure("refusing to write " + device.shown() + ": " + String.join("; ", refusals));
        }
        return device;
    }

    private List<String> refusals(BlockDevice device, OptionalLong imageBytes, DiskWriteParameters parameters) {
        List<String> uses = device.partitionOf().isEmpty() ? new DeviceUse(files, devices()).of(device) : List.of();
        return Refusals.of(device, uses, imageBytes, parameters.allowNonRemovable());
    }

    private BlockDevices devices() {
        return new BlockDevices(files);
    }

    /**
     * One line, so it reads the same in a terminal prompt, a log and an error: what is lost, what it is on, what
     * replaces it.
     */
    private static String question(String node, String description, String image) {
        return "ERASE " + node + " (" + (description == null ? "described when the step runs" : description)
                + ") and write " + image + " to it?";
    }

    private static OptionalLong imageSize(Path image) {
        try {
            return Files.isRegularFile(image) && Files.isReadable(image)
                    ? OptionalLong.of(Files.size(image))
                    : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }
}
