package dev.nixboot.steps.disk;

/**
 * A block device's kernel identity, major:minor, as {@code /sys/dev/block/}, {@code /proc/self/mountinfo} and
 * {@code stat} give it. A device node can have many names (a {@code /dev/disk/by-id/} link, {@code /dev/root}); its
 * number is the one thing they agree on.
 */
record DeviceNumber(int major, int minor) {
    DeviceNumber {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("device number " + major + ":" + minor);
        }
    }

    /** From glibc's {@code dev_t} as {@code stat} returns it ({@code gnu_dev_major}, {@code gnu_dev_minor}). */
    static DeviceNumber of(long dev) {
        long major = ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xffL) | ((dev >>> 12) & ~0xffL);
        return new DeviceNumber((int) major, (int) minor);
    }

    /** From the {@code 8:17} form of sysfs {@code dev} files and mountinfo. */
    static DeviceNumber parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a major:minor device number: " + text);
        }
        return new DeviceNumber(
                Integer.parseInt(text.substring(0, colon).trim()),
                Integer.parseInt(text.substring(colon + 1).trim()));
    }

    @Override
    public String toString() {
        return major + ":" + minor;
    }
}
