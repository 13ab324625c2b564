package dev.nixboot.steps.disk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.spi.StepPlan;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.steps.disk.testing.SystemTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code disk.write} reads from sysfs, /proc and udev for layouts a test machine cannot produce: a partitioned
 * USB stick with udev's file system labels, and a LUKS root built on one of its partitions. The layout is the
 * kernel's (Documentation/ABI/stable/sysfs-block, Documentation/admin-guide/sysfs-rules.rst): /sys/dev/block/M:m
 * and /sys/class/block/NAME link to the device's directory under /sys/devices, a partition is a subdirectory of its
 * disk with a {@code partition} file, and a SCSI disk's {@code device} link leads to vendor and model, above which
 * sits the USB device with idVendor and serial. The device node given is a real one, a free loop device (which
 * {@code losetup --find} makes sure exists), whose number this layout gives to the stick; nothing is written, every
 * execution is refused (or answered no).
 */
class SysfsLayoutTest {
    private static final String USB = "devices/pci0000:00/0000:00:14.0/usb2/2-1";
    private static final String SCSI = USB + "/2-1:1.0/host6/target6:0:0/6:0:0:0";
    private static final String DISK = SCSI + "/block/sdx";

    @TempDir
    Path root;

    private Path sys;
    private HostFiles files;
    private String node;

    @BeforeEach
    void layOut() throws IOException {
        sys = root.resolve("sys");
        files = new HostFiles(sys, root.resolve("proc"), root.resolve("run/udev/data"));
        node = SystemTool.run("losetup", "--find").trim();
        String number = BlockDevices.number(Path.of(node)).orElseThrow().toString();
        write(USB + "/idVendor", "0781\n");
        write(USB + "/serial", "4C530001230918117311\n");
        write(SCSI + "/vendor", "SanDisk \n");
        write(SCSI + "/model", "Ultra           \n");
        disk(number, DISK, 60088320);
        write(DISK + "/removable", "1\n");
        write(DISK + "/ro", "0\n");
        write(DISK + "/queue/logical_block_size", "512\n");
        link(DISK + "/device", SCSI);
        disk("259:1", DISK + "/sdx1", 2048000);
        write(DISK + "/sdx1/partition", "1\n");
        disk("259:2", DISK + "/sdx2", 58036224);
        write(DISK + "/sdx2/partition", "2\n");
        udev("259:1", "E:ID_FS_TYPE=vfat\nE:ID_FS_LABEL=NIXOS_ISO\n");
        udev("259:2", "E:ID_FS_TYPE=crypto_LUKS\n");
        Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(root.resolve("proc/swaps"), "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
        mounts("");
    }

    @Test
    void describesThePartitionedStickByModelSerialSizeAndPartitions() {
        StepPlan plan =
                ThisProcess.testKit().plan(new DiskWriteStep(files), "image: nixos.iso\ndevice: " + node + "\n");

        assertThat(plan.actions().get(0))
                .isEqualTo("check /dev/sdx (" + node + "): SanDisk Ultra, serial"
                        + " 4C530001230918117311, 28.7 GiB, removable, USB; partitions: sdx1 1000.0 MiB vfat \"NIXOS_ISO\","
                        + " sdx2 27.7 GiB crypto_LUKS; whether the image fits is checked when the step runs");
        assertThat(plan.actions().get(1)).startsWith("ask: ERASE /dev/sdx (SanDisk Ultra, serial");
    }

    @Test
    void refusesTheStickWhenARootFileSystemIsBuiltOnOneOfItsPartitions() throws IOException {
        disk("254:3", "devices/virtual/block/dm-3", 58003456);
        write("devices/virtual/block/dm-3/dm/name", "cryptroot\n");
        Files.createDirectories(sys.resolve(DISK + "/sdx2/holders"));
        link(DISK + "/sdx2/holders/dm-3", "devices/virtual/block/dm-3");
        mounts("27 1 254:3 / / rw,relatime shared:1 - ext4 /dev/mapper/cryptroot rw\n"
                + "31 27 259:1 / /media/me/NIXOS\\040ISO rw,nosuid - vfat /dev/sdx1 rw\n");

        StepResult result = ThisProcess.testKit()
                .answers("n")
                .execute(new DiskWriteStep(files), "image: " + image() + "\ndevice: " + node + "\n");

        assertThat(result.failure())
                .hasMessage("refusing to write /dev/sdx (" + node + "): /dev/sdx2 is in use by"
                        + " /dev/dm-3 (cryptroot), a device-mapper, LVM or RAID device built on it: close that first;"
                        + " /dev/dm-3 (cryptroot), built on /dev/sdx2 holds the running system's root file system (/):"
                        + " writing it would destroy the system you are running; /dev/sdx1 is mounted at"
                        + " /media/me/NIXOS ISO: unmount it first (umount '/media/me/NIXOS ISO')");
        assertThat(result.questions()).isEmpty();
    }

    @Test
    void refusesAPartitionAndNamesItsDisk() throws IOException {
        link("dev/block/" + BlockDevices.number(Path.of(node)).orElseThrow(), DISK + "/sdx1");

        StepResult result = ThisProcess.testKit()
                .answers("n")
                .execute(new DiskWriteStep(files), "image: " + image() + "\ndevice: " + node + "\n");

        assertThat(result.failure())
                .hasMessage("refusing to write /dev/sdx1 (" + node + "): /dev/sdx1 (" + node
                        + ") is a partition of /dev/sdx: an image goes on a whole disk; give /dev/sdx if that is the drive you"
                        + " mean");
    }

    private Path image() throws IOException {
        return Files.write(root.resolve("nixos.iso"), new byte[4096]);
    }

    /** A disk or partition: its directory with dev and size, and the two links sysfs has to it. */
    private void disk(String number, String directory, long sectors) throws IOException {
        write(directory + "/dev", number + "\n");
        write(directory + "/size", sectors + "\n");
        link("dev/block/" + number, directory);
        link("class/block/" + Path.of(directory).getFileName(), directory);
    }

    private void udev(String number, String properties) throws IOException {
        Files.createDirectories(files.udevData());
        Files.writeString(files.udevData().resolve("b" + number), properties);
    }

    private void mounts(String mountinfo) throws IOException {
        Files.writeString(root.resolve("proc/self/mountinfo"), mountinfo);
    }

    private void write(String file, String text) throws IOException {
        Path path = sys.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    private void link(String link, String target) throws IOException {
        Path path = sys.resolve(link);
        Files.createDirectories(path.getParent());
        Files.deleteIfExists(path);
        Files.createSymbolicLink(path, sys.resolve(target));
    }
}
