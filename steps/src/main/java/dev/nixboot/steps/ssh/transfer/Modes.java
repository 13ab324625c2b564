package dev.nixboot.steps.ssh.transfer;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Octal permission strings ("0600") as playbooks write them, and POSIX permission sets. */
public final class Modes {
    /** What a {@code mode} parameter must look like. */
    public static final String PATTERN = "0?[0-7]{3}";

    private Modes() {}

    /** The permission bits of "0600" or "600"; null for null or blank. */
    public static Integer parse(String mode) {
        return mode == null || mode.isBlank() ? null : Integer.parseInt(mode, 8);
    }

    public static int bits(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (PosixFilePermission p : permissions) {
            bits |= 1 << (8 - p.ordinal());
        }
        return bits;
    }

    public static Set<PosixFilePermission> permissions(int bits) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((bits & (1 << (8 - p.ordinal()))) != 0) {
                permissions.add(p);
            }
        }
        return permissions;
    }

    public static String octal(int bits) {
        return String.format("%04o", bits & 07777);
    }
}
