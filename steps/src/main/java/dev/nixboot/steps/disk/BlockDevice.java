package dev.nixboot.steps.disk;

import static java.util.Objects.requireNonNull;

import dev.nixboot.engine.spi.ByteSize;
import java.util.ArrayList;
import java.util.List;

/**
 * What the kernel says about the device a playbook names, read when the step plans and again before it writes.
 *
 * @param given the path as the playbook gave it, such as {@code /dev/disk/by-id/usb-SanDisk_...}
 * @param name the kernel's name: {@code sdb}, {@code nvme0n1}, {@code loop3}
 * @param number its major:minor
 * @param sizeBytes its capacity; 0 for a card reader without a card
 * @param logicalBlockSize the unit of direct reads, from {@code queue/logical_block_size}
 * @param removable the kernel's {@code removable} flag (set for USB sticks and card readers)
 * @param readOnly the kernel's {@code ro} flag (a write-protect switch, a read-only loop device)
 * @param usb whether it hangs off a USB bus
 * @param model vendor and model, or empty when the kernel does not know them
 * @param serial the serial number, or empty when neither the kernel nor udev knows it
 * @param backingFile for a loop device, the file behind it; empty otherwise
 * @param partitionOf for a partition, the kernel name of its disk; empty for a whole disk
 * @param partitions the disk's partitions, in order
 */
record BlockDevice(
        String given,
        String name,
        DeviceNumber number,
        long sizeBytes,
        int logicalBlockSize,
        boolean removable,
        boolean readOnly,
        boolean usb,
        String model,
        String serial,
        String backingFile,
        String partitionOf,
        List<Partition> partitions) {

    BlockDevice {
        requireNonNull(given, "given");
        requireNonNull(name, "name");
        requireNonNull(number, "number");
        requireNonNull(model, "model");
        requireNonNull(serial, "serial");
        requireNonNull(backingFile, "backingFile");
        requireNonNull(partitionOf, "partitionOf");
        partitions = List.copyOf(partitions);
        if (sizeBytes < 0 || logicalBlockSize <= 0 || Integer.bitCount(logicalBlockSize) != 1) {
            throw new IllegalArgumentException(name + ": size " + sizeBytes + ", block size " + logicalBlockSize);
        }
    }

    /** The device node under its kernel name, which the step opens: {@code /dev/sdb}. */
    String node() {
        return "/dev/" + name;
    }

    /** The node, and the name the playbook used when that was another one. */
    String shown() {
        return given.equals(node()) ? node() : node() + " (" + given + ")";
    }

    /**
     * One line with everything a person needs to recognise the drive: "SanDisk Ultra, serial 4C5300012, 28.7 GiB,
     * removable, USB; partitions: sdb1 28.7 GiB vfat "NIXOS_ISO"".
     */
    String describe() {
        List<String> facts = new ArrayList<>();
        if (!backingFile.isEmpty()) {
            facts.add("loop device backed by " + backingFile);
        }
        facts.add(model.isEmpty() ? "model unknown" : model);
        facts.add(serial.isEmpty() ? "serial unknown" : "serial " + serial);
        facts.add(ByteSize.format(sizeBytes));
        facts.add(removable ? "removable" : "not removable");
        if (usb) {
            facts.add("USB");
        }
        if (readOnly) {
            facts.add("read-only");
        }
        String text = String.join(", ", facts);
        if (!partitionOf.isEmpty()) {
            return text;
        }
        return text + "; "
                + (partitions.isEmpty()
                        ? "no partitions"
                        : "partitions: "
                                + String.join(
                                        ", ",
                                        partitions.stream()
                                                .map(Partition::describe)
                                                .toList()));
    }

    /** Whether this is the same drive as before: same node, number, size and serial (not swapped for another). */
    boolean sameDrive(BlockDevice other) {
        return name.equals(other.name)
                && number.equals(other.number)
                && sizeBytes == other.sizeBytes
                && serial.equals(other.serial)
                && backingFile.equals(other.backingFile);
    }

    /**
     * A partition of the disk.
     *
     * @param fileSystem its file system type as udev saw it (vfat, ext4), or empty when unknown
     * @param label its file system label, or empty
     */
    record Partition(String name, DeviceNumber number, long sizeBytes, String fileSystem, String label) {
        Partition {
            requireNonNull(name, "name");
            requireNonNull(number, "number");
            requireNonNull(fileSystem, "fileSystem");
            requireNonNull(label, "label");
        }

        String describe() {
            return name + " " + ByteSize.format(sizeBytes) + (fileSystem.isEmpty() ? "" : " " + fileSystem)
                    + (label.isEmpty() ? "" : " \"" + label + "\"");
        }
    }
}
