package dev.nixboot.steps.disk;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The mounts of this process's mount namespace, from {@code /proc/self/mountinfo}. */
final class Mounts {
    private Mounts() {}

    /**
     * One mounted file system.
     *
     * @param number the major:minor of its device, as the kernel gives it; for btrfs an anonymous 0:N
     * @param mountPoint where it is mounted
     * @param source what was mounted, such as /dev/sdb1 (the number of btrfs's anonymous devices says nothing)
     */
    record Mount(DeviceNumber number, String mountPoint, String source) {
        Mount {
            requireNonNull(number, "number");
            requireNonNull(mountPoint, "mountPoint");
            requireNonNull(source, "source");
        }
    }

    /**
     * Parses mountinfo as proc(5) describes it: {@code 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root
     * rw}; fields 3 and 5 are the device and the mount point, then optional fields up to a lone {@code -}, the file
     * system type and the source. Lines that do not fit are skipped.
     */
    static List<Mount> parse(String mountinfo) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            parseLine(line).ifPresent(mounts::add);
        }
        return mounts;
    }

    private static Optional<Mount> parseLine(String line) {
        String[] fields = line.trim().split(" ");
        int separator = List.of(fields).indexOf("-");
        if (fields.length < 6 || separator < 6 || separator + 2 >= fields.length) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new Mount(DeviceNumber.parse(fields[2]), unescape(fields[4]), unescape(fields[separator + 2])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The kernel writes space, tab, newline and backslash in paths as octal escapes: {@code /media/my\040stick}. */
    static String unescape(String field) {
        StringBuilder text = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static boolean isOctal(String field, int from) {
        if (from + 3 > field.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (field.charAt(i) < '0' || field.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
