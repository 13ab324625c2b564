package dev.nixboot.steps.disk;

import dev.nixboot.engine.spi.StepFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads what the kernel, and udev where it runs, say about a block device: sysfs ({@code /sys/class/block/NAME} and
 * the device directories it links to) and udev's database. Reading these opens no device, so plans may do it.
 */
final class BlockDevices {
    /** {@code S_IFMT} and {@code S_IFBLK} of {@code <sys/stat.h>}: the file type bits, and those of a block device. */
    private static final int FILE_TYPE = 0170000;

    private static final int BLOCK_DEVICE = 0060000;
    /** sysfs sizes are in 512-byte sectors whatever the device's own sector size (include/linux/types.h). */
    private static final long SECTOR = 512;

    private final HostFiles files;

    BlockDevices(HostFiles files) {
        this.files = files;
    }

    /** The device at this path, followed through links such as {@code /dev/disk/by-id/...}. */
    BlockDevice inspect(String path) throws StepFailure {
        Path node = Path.of(path);
        if (!Files.exists(node)) {
            throw new StepFailure(path + " does not exist: is the drive plugged in? ('ls -l /dev/disk/by-id/'"
                    + " lists the drives by model and serial)");
        }
        DeviceNumber number = number(node).orElseThrow(() -> new StepFailure(path + " is not a block device"));
        Path device;
        try {
            device = files.sys().resolve("dev/block").resolve(number.toString()).toRealPath();
        } catch (IOException e) {
            throw new StepFailure(
                    path + " is block device " + number + ", which the kernel does not list in" + " /sys/dev/block");
        }
        String name = device.getFileName().toString();
        boolean partition = Files.exists(device.resolve("partition"));
        Path disk = partition ? device.getParent() : device;
        Map<String, String> udev = udev(number);
        return new BlockDevice(
                path,
                name,
                number,
                sectors(device) * SECTOR,
                (int) number(read(disk.resolve("queue/logical_block_size")), SECTOR),
                "1".equals(read(disk.resolve("removable"))),
                "1".equals(read(device.resolve("ro"))),
                usbDevice(disk).isPresent(),
                model(disk, udev),
                serial(disk, udev),
                partition ? "" : read(device.resolve("loop/backing_file")),
                partition ? disk.getFileName().toString() : "",
                partition ? List.of() : partitions(device));
    }

    /** The device number of a block device node; empty for anything else (a file, a character device, nothing). */
    static Optional<DeviceNumber> number(Path node) {
        try {
            int mode = (Integer) Files.getAttribute(node, "unix:mode");
            if ((mode & FILE_TYPE) != BLOCK_DEVICE) {
                return Optional.empty();
            }
            return Optional.of(DeviceNumber.of((Long) Files.getAttribute(node, "unix:rdev")));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** The kernel name of a device number, such as sdb1; empty when the kernel lists no such block device. */
    Optional<String> name(DeviceNumber number) {
        try {
            return Optional.of(files.sys()
                    .resolve("dev/block")
                    .resolve(number.toString())
                    .toRealPath()
                    .getFileName()
                    .toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The device number of a kernel name, from its {@code dev} file; empty when there is no such device. */
    Optional<DeviceNumber> number(String name) {
        String dev = read(files.block(name).resolve("dev"));
        try {
            return dev.isEmpty() ? Optional.empty() : Optional.of(DeviceNumber.parse(dev));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The kernel names in a device's {@code holders/} directory: device-mapper, RAID or bcache devices on it. */
    List<String> holders(String name) {
        return entries(files.block(name).resolve("holders")).stream()
                .map(holder -> holder.getFileName().toString())
                .toList();
    }

    /** A device-mapper device's own name (cryptroot, vg-home), or empty for other devices. */
    String mapperName(String name) {
        return read(files.block(name).resolve("dm/name"));
    }

    /** The file or device behind each loop device that has one, by the loop device's kernel name. */
    Map<String, String> loopBackings() {
        Map<String, String> backings = new HashMap<>();
        for (Path device : entries(files.sys().resolve("class/block"))) {
            String backing = read(device.resolve("loop/backing_file"));
            if (!backing.isEmpty()) {
                backings.put(device.getFileName().toString(), backing);
            }
        }
        return backings;
    }

    private List<BlockDevice.Partition> partitions(Path disk) {
        List<BlockDevice.Partition> partitions = new ArrayList<>();
        List<Path> children = entries(disk).stream()
                .filter(child -> Files.exists(child.resolve("partition")))
                .sorted(Comparator.comparingLong(child -> number(read(child.resolve("partition")), 0)))
                .toList();
        for (Path child : children) {
            String dev = read(child.resolve("dev"));
            if (dev.isEmpty()) {
                continue;
            }
            DeviceNumber number = DeviceNumber.parse(dev);
            Map<String, String> udev = udev(number);
            partitions.add(new BlockDevice.Partition(
                    child.getFileName().toString(),
                    number,
                    sectors(child) * SECTOR,
                    udev.getOrDefault("ID_FS_TYPE", ""),
                    udev.getOrDefault("ID_FS_LABEL", "")));
        }
        return partitions;
    }

    /** Vendor and model as the device reports them (SCSI, NVMe, MMC), else as udev recorded them. */
    private static String model(Path disk, Map<String, String> udev) {
        String vendor = read(disk.resolve("device/vendor"));
        if (vendor.startsWith("0x")) {
            vendor = ""; // a PCI vendor id (virtio), not a name
        }
        String model = read(disk.resolve("device/model"));
        if (model.isEmpty()) {
            model = read(disk.resolve("device/name")); // MMC and SD cards
        }
        if (vendor.isEmpty()) {
            vendor = udev.getOrDefault("ID_VENDOR", "").replace('_', ' ');
        }
        if (model.isEmpty()) {
            model = udev.getOrDefault("ID_MODEL", "").replace('_', ' ');
        }
        if (vendor.isEmpty() || model.startsWith(vendor)) {
            return model;
        }
        return model.isEmpty() ? vendor : vendor + " " + model;
    }

    /**
     * The serial number: udev's (it asks the drive with ata_id and scsi_id), else what sysfs shows for virtio, NVMe
     * and MMC, the SCSI unit serial number page, or the USB device the disk sits on.
     */
    private static String serial(Path disk, Map<String, String> udev) {
        String serial = udev.getOrDefault("ID_SERIAL_SHORT", "");
        for (String file : List.of("serial", "device/serial")) {
            if (serial.isEmpty()) {
                serial = read(disk.resolve(file));
            }
        }
        if (serial.isEmpty()) {
            serial = unitSerialNumber(disk.resolve("device/vpd_pg80"));
        }
        if (serial.isEmpty()) {
            serial = usbDevice(disk).map(usb -> read(usb.resolve("serial"))).orElse("");
        }
        return serial;
    }

    /** SCSI VPD page 0x80: a 4-byte header whose last two bytes give the length, then the serial in ASCII (SPC-4). */
    private static String unitSerialNumber(Path page) {
        try {
            byte[] bytes = Files.readAllBytes(page);
            if (bytes.length < 4) {
                return "";
            }
            int length = Math.min(((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff), bytes.length - 4);
            return new String(bytes, 4, length, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** The USB device (the directory with an idVendor file) the disk hangs off, if it is on USB. */
    private static Optional<Path> usbDevice(Path disk) {
        Path directory;
        try {
            directory = disk.resolve("device").toRealPath();
        } catch (IOException e) {
            return Optional.empty();
        }
        for (; directory != null && directory.getNameCount() > 2; directory = directory.getParent()) {
            if (Files.exists(directory.resolve("idVendor"))) {
                return Optional.of(directory);
            }
        }
        return Optional.empty();
    }

    /** udev's properties of a device ({@code E:KEY=VALUE} lines); empty without udev. */
    private Map<String, String> udev(DeviceNumber number) {
        Map<String, String> properties = new HashMap<>();
        for (String line : read(files.udevData().resolve("b" + number)).split("\n")) {
            int equals = line.indexOf('=');
            if (line.startsWith("E:") && equals > 2) {
                properties.put(line.substring(2, equals), line.substring(equals + 1));
            }
        }
        return properties;
    }

    private static long sectors(Path device) {
        return number(read(device.resolve("size")), 0);
    }

    private static long number(String text, long otherwise) {
        try {
            return text.isEmpty() ? otherwise : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** A sysfs attribute without its line end; empty when the device has no such attribute. */
    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static List<Path> entries(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(directory)) {
            return children.toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
