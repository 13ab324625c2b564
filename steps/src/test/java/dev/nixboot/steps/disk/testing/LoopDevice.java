package dev.nixboot.steps.disk.testing;

import java.nio.file.Path;

/**
 * A real loop device over a file, for tests of steps that write disks: attached with losetup, detached by
 * {@link #close()} (use try-with-resources, so a failing test detaches it too). Needs root and a kernel with loop
 * devices, as CI has; without them the test fails with losetup's own message rather than being skipped.
 */
public final class LoopDevice implements AutoCloseable {
    private final Path backing;
    private final String node;

    private LoopDevice(Path backing, String node) {
        this.backing = backing;
        this.node = node;
    }

    /** Attaches the first free loop device to the file; options such as {@code --read-only} go to losetup. */
    public static LoopDevice attach(Path backing, String... options) {
        String[] command = new String[options.length + 4];
        command[0] = "losetup";
        command[1] = "--find";
        command[2] = "--show";
        System.arraycopy(options, 0, command, 3, options.length);
        command[command.length - 1] = backing.toString();
        String node;
        try {
            node = SystemTool.run(command).trim();
        } catch (AssertionError e) {
            throw new AssertionError(
                    "this test needs a loop device (root, and losetup from util-linux): " + e.getMessage(), e);
        }
        return new LoopDevice(backing, node);
    }

    /** The device node, such as /dev/loop3. */
    public String node() {
        return node;
    }

    /** The kernel name, such as loop3. */
    public String name() {
        return Path.of(node).getFileName().toString();
    }

    public Path backing() {
        return backing;
    }

    @Override
    public void close() {
        SystemTool.run("losetup", "--detach", node);
    }

    @Override
    public String toString() {
        return node + " over " + backing;
    }
}
