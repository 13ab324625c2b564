package dev.nixboot.steps.disk;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where the kernel and udev publish what {@code disk.write} reads about disks. The system's own in a run; a test may
 * point at a copy of a layout that a test machine cannot produce (a partitioned USB stick, say).
 *
 * @param sys sysfs, {@code /sys}
 * @param proc procfs, {@code /proc}: mountinfo and swaps
 * @param udevData udev's database, {@code /run/udev/data}; absent on machines without udev
 */
record HostFiles(Path sys, Path proc, Path udevData) {
    static final HostFiles SYSTEM = new HostFiles(Path.of("/sys"), Path.of("/proc"), Path.of("/run/udev/data"));

    HostFiles {
        requireNonNull(sys, "sys");
        requireNonNull(proc, "proc");
        requireNonNull(udevData, "udevData");
    }

    /** {@code /sys/class/block/NAME}: every disk and partition by its kernel name. */
    Path block(String name) {
        return sys.resolve("class/block").resolve(name);
    }
}
