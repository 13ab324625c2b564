package dev.nixboot.steps.disk;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What on this machine uses a disk: a file system on it (or on anything built on it) that is mounted, the running
 * system's root above all; swap on it; device-mapper, LVM or RAID devices built on it; loop devices backed by it.
 * Writing under any of them corrupts a running system, so each is a reason to refuse.
 */
final class DeviceUse {
    private final HostFiles files;
    private final BlockDevices devices;

    DeviceUse(HostFiles files, BlockDevices devices) {
        this.files = files;
        this.devices = devices;
    }

    /** Why the disk is in use, one sentence per use; empty when nothing uses it. */
    List<String> of(BlockDevice disk) {
        Set<String> uses = new LinkedHashSet<>();
        Map<DeviceNumber, String> parts = partsOf(disk, uses);
        for (Mounts.Mount mount : Mounts.parse(BlockDevices.read(files.proc().resolve("self/mountinfo")))) {
            String part = parts.get(mount.number());
            if (part == null && mount.source().startsWith("/")) {
                part = BlockDevices.number(Path.of(mount.source()))
                        .map(parts::get)
                        .orElse(null);
            }
            if (part == null) {
                continue;
            }
            if (mount.mountPoint().equals("/")) {
                uses.add(part + " holds the running system's root file system (/): writing it would destroy the"
                        + " system you are running");
            } else {
                uses.add(part + " is mounted at " + mount.mountPoint() + ": unmount it first (umount '"
                        + mount.mountPoint() + "')");
            }
        }
        for (String swap : swaps()) {
            BlockDevices.number(Path.of(swap))
                    .map(parts::get)
                    .ifPresent(part -> uses.add(part + " is in use as swap: turn it off first (swapoff " + swap + ")"));
        }
        return new ArrayList<>(uses);
    }

    /**
     * The disk, its partitions and everything built on them (device-mapper, LVM and RAID holders, loop devices backed
     * by them), each with the words that name it in a message, such as "/dev/dm-0 (cryptroot), built on /dev/sdb2".
     * Whatever is built directly on the disk or a partition keeps it open, and is a use of its own.
     */
    private Map<DeviceNumber, String> partsOf(BlockDevice disk, Set<String> uses) {
        Map<DeviceNumber, String> parts = new LinkedHashMap<>();
        Set<String> own = new LinkedHashSet<>();
        parts.put(disk.number(), disk.node());
        own.add(disk.name());
        for (BlockDevice.Partition partition : disk.partitions()) {
            parts.put(partition.number(), "/dev/" + partition.name());
            own.add(partition.name());
        }
        Map<String, String> loops = devices.loopBackings();
        Deque<String> names = new ArrayDeque<>(own);
        while (!names.isEmpty()) {
            String name = names.pop();
            Optional<DeviceNumber> number = devices.number(name);
            for (String holder : devices.holders(name)) {
                if (own.contains(name)) {
                    uses.add("/dev/" + name + " is in use by " + describe(holder) + ", a device-mapper, LVM or RAID"
                            + " device built on it: close that first");
                }
                add(holder, name, parts, names);
            }
            for (Map.Entry<String, String> loop : loops.entrySet()) {
                Optional<DeviceNumber> backing = BlockDevices.number(Path.of(backingPath(loop.getValue())));
                if (number.isPresent() && backing.equals(number)) {
                    if (own.contains(name)) {
                        uses.add("/dev/" + name + " backs the loop device /dev/" + loop.getKey()
                                + ": detach it first (losetup -d /dev/" + loop.getKey() + ")");
                    }
                    add(loop.getKey(), name, parts, names);
                }
            }
        }
        return parts;
    }

    private void add(String above, String below, Map<DeviceNumber, String> parts, Deque<String> names) {
        Optional<DeviceNumber> number = devices.number(above);
        if (number.isPresent() && !parts.containsKey(number.get())) {
            parts.put(number.get(), describe(above) + ", built on /dev/" + below);
            names.add(above);
        }
    }

    private String describe(String name) {
        String mapper = devices.mapperName(name);
        return "/dev/" + name + (mapper.isEmpty() ? "" : " (" + mapper + ")");
    }

    /** The kernel appends " (deleted)" to a loop device's backing file when it has been removed. */
    private static String backingPath(String backing) {
        return backing.endsWith(" (deleted)") ? backing.substring(0, backing.length() - 10) : backing;
    }

    /** The active swap devices and files, from {@code /proc/swaps} (a header line, then one per swap area). */
    private List<String> swaps() {
        String[] lines = BlockDevices.read(files.proc().resolve("swaps")).split("\n");
        List<String> swaps = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].trim().split("\\s+");
            if (!fields[0].isEmpty()) {
                swaps.add(Mounts.unescape(fields[0]));
            }
        }
        return swaps;
    }
}
