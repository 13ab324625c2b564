package dev.nixboot.steps.disk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.engine.Engines;
import dev.nixboot.engine.PlaybookEngine;
import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.Progress;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunOptions;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.compile.CompiledPlaybook;
import dev.nixboot.engine.spi.Interaction;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.disk.testing.LoopDevice;
import dev.nixboot.steps.disk.testing.SystemTool;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code disk.write} against real loop devices (root and losetup, as in CI): the write, the read-back, each refusal,
 * a device that changes under the step, and a cancel in the middle. Loop devices report removable=0, so every test
 * that means to write passes {@code allow_non_removable: true}; the one about removability does not.
 *
 * <p>Every refusal test queues the answer "n": should a refusal ever fail to happen, the step asks and is told no,
 * and still writes nothing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DiskWriteStepTest {
    private static final int MIB = 1 << 20;
    private final DiskWriteStep step = new DiskWriteStep();

    @TempDir
    Path directory;

    @Test
    void writesTheImageSyncsItAndReadsItBackWithProgress() throws Exception {
        Path image = image("nixos-installer.iso", 40 * MIB + 123);
        try (LoopDevice loop = LoopDevice.attach(zeros("drive", 64 * MIB))) {
            StepResult result = ThisProcess.testKit().answers("y").execute(step, with(image, loop, true));

            assertThat(result.failure()).as("%s", result.lines()).isNull();
            assertThat(result.questions())
                    .singleElement()
                    .asString()
                    .startsWith("ERASE " + loop.node() + " (loop device backed by " + loop.backing())
                    .contains("64.0 MiB", "not removable", "no partitions")
                    .endsWith("and write " + image + " (40.0 MiB) to it?");
            assertThat(result.outputs().values())
                    .containsEntry("device", loop.node())
                    .containsEntry("bytes", 40L * MIB + 123)
                    .containsEntry("sha256", sha256(image));
            byte[] drive = Files.readAllBytes(loop.backing());
            assertThat(Arrays.copyOf(drive, 40 * MIB + 123)).isEqualTo(Files.readAllBytes(image));
            assertZeros(Arrays.copyOfRange(drive, 40 * MIB + 123, 64 * MIB));

            List<Progress> writing = result.progress().stream()
                    .filter(p -> p.activity().equals("writing"))
                    .toList();
            List<Progress> verifying = result.progress().stream()
                    .filter(p -> p.activity().equals("verifying"))
                    .toList();
            assertThat(writing)
                    .extracting(Progress::doneBytes)
                    .startsWith(0L, 4L * MIB)
                    .endsWith(40L * MIB + 123);
            assertThat(writing).extracting(Progress::totalBytes).containsOnly(40L * MIB + 123);
            assertThat(verifying).extracting(Progress::doneBytes).startsWith(0L).endsWith(40L * MIB + 123);
            assertThat(result.progress().indexOf(verifying.get(0)))
                    .isGreaterThan(result.progress().indexOf(writing.get(writing.size() - 1)));
            assertThat(result.text(StepResult.Stream.INFO)).contains("verified: " + loop.node() + " holds the image");
        }
    }

    @Test
    void refusesAMountedDeviceAndSaysWhereItIsMounted() throws Exception {
        Path image = image("small.iso", MIB);
        try (LoopDevice loop = LoopDevice.attach(zeros("drive", 64 * MIB))) {
            SystemTool.run("mkfs.ext4", "-q", "-F", loop.node());
            Path mountPoint = Files.createDirectory(directory.resolve("mounted stick"));
            SystemTool.run("mount", loop.node(), mountPoint.toString());
            try {
                StepResult result = ThisProcess.testKit().answers("n").execute(step, with(image, loop, true));

                assertThat(result.failure())
                        .isInstanceOf(StepFailure.class)
                        .hasMessage("refusing to write "
                                + loop.node() + ": " + loop.node() + " is mounted at " + mountPoint
                                + ": unmount it first (umount '" + mountPoint + "')");
                assertThat(result.questions()).isEmpty();
            } finally {
                SystemTool.run("umount", mountPoint.toString());
            }
        }
    }

    @Test
    void refusesADeviceSmallerThanTheImage() throws Exception {
        Path image = image("big.iso", 3 * MIB);
        try (LoopDevice loop = LoopDevice.attach(zeros("drive", 2 * MIB))) {
            StepResult result = ThisProcess.testKit().answers("n").execute(step, with(image, loop, true));

            assertThat(result.failure())
                    .hasMessage("refusing to write " + loop.node() + ": " + loop.node()
                            + " holds 2.0 MiB (2097152 bytes), less than the image's 3.0 MiB (3145728 bytes)");
            assertThat(result.questions()).isEmpty();
            assertZeros(Files.readAllBytes(loop.backing()));
        }
    }

    @Test
    void refusesADiskTheKernelDoesNotCallRemovableUnlessAllowed() throws Exception {
        Path image = image("small.iso", MIB);
        try (LoopDevice loop = LoopDevice.attach(zeros("drive", 8 * MIB))) {
            StepResult result = ThisProcess.testKit().answers("n").execute(step, with(image, loop, false));

            assertThat(result.failure())
                    .hasMessage("refusing to write " + loop.node() + ": " + loop.node()
                            + " is not a removable drive (/sys/block/" + loop.name()
                            + "/removable is 0): if it is the drive"
                            + " you mean, set allow_non_removable: true");
            assertZeros(Files.readAllBytes(loop.backing()));
        }
    }

    @Test
    void refusesTheDiskHoldingTheRunningSystemsRoot() throws Exception {
        String root = rootDisk();
        Path image = image("small.iso", MIB);
        StepResult result = ThisProcess.testKit()
                .answers("n")
                .execute(step, "image: " + image + "\ndevice: " + root + "\nallow_non_removable: true\n");

        assertThat(result.failure())
                .isInstanceOf(StepFailure.class)
                .hasMessageStartingWith("refusing to write " + root + ": ")
                .hasMessageContaining("holds the running system's root file system (/)");
        assertThat(result.questions()).isEmpty();
    }

    @Test
    void refusesADeviceInUseAsSwap() throws Exception {
        Path image = image("small.iso", MIB);
        try (LoopDevice loop = LoopDevice.attach(zeros("drive", 16 * MIB))) {
            SystemTool.run("mkswap", loop.node());
            SystemTool.run("swapon", loop.node());
            try {
                StepResult result = ThisProcess.testKit().answers("n").execute(step, with(image, loop, true));

                assertThat(result.failure())
                        .hasMessage("refusing to write " + loop.node() + ": " + loop.node()
                                + " is in use as swap: turn it off first (swapoff " + loop.node() + ")");
            } finally {
                SystemTool.run("swapoff", loop.node());
            }
        }
    }

    @Test
    void refusesADeviceBackingAnotherLoopDevice() throws Exception {
        Path image = image("small.iso", MIB);
        try (LoopDevice loop = LoopDevice.attach(zeros("drive", 8 * MIB));
                LoopDevice above = LoopDevice.attach(Path.of(loop.node()))) {
            StepResult result = ThisProcess.testKit().answers("n").execute(step, with(image, loop, true));

            assertThat(result.failure())
                    .hasMessage("refusing to write " + loop.node() + ": " + loop.node()
                            + " backs the loop device " + above.node() + ": detach it first (losetup -d " + above.node()
                            + ")");
        }
    }

    @Test
    void refusesAReadOnlyDevice() throws Exception {
        Path image = image("small.iso", MIB);
        try (LoopDevice loop = LoopDevice.attach(zeros("drive", 8 * MIB), "--read-only")) {
            StepResult result = ThisProcess.testKit().answers("n").execute(step, with(image, loop, true));

            assertThat(result.failure())
                    .hasMessage("refusing to write " + loop.node() + ": " + loop.node()
                            + " is read-only (a write-protect switch on the stick or card?)");
        }
    }

    @Test
    void writesNothingWhenTheAnswerIsNo() throws Exception {
        Path image = image("small.iso", MIB);
        try (LoopDevice loop = LoopDevice.attach(zeros("drive", 8 * MIB))) {
            StepResult result = ThisProcess.testKit().answers("n").execute(step, with(image, loop, true));

            assertThat(result.failure()).hasMessage("declined: nothing was written to " + loop.node());
            assertZeros(Files.readAllBytes(loop.backing()));
        }
    }

    @Test
    void failsWhenTheDeviceReadsBackOtherwiseThanWritten() throws Exception {
        Path image = image("nixos-installer.iso", 12 * MIB);
        try (LoopDevice loop = LoopDevice.attach(zeros("drive", 16 * MIB))) {
            // Held open as a desktop's disk daemon would: the kernel then keeps the device's page cache when the
            // step closes it after writing, and only a read past that cache sees what the drive really holds.
            FileChannel holder = FileChannel.open(Path.of(loop.node()), StandardOpenOption.READ);
            AtomicBoolean changed = new AtomicBoolean();
            // Between the write and the read-back: what a failing drive does to the data it was given.
            StepTestKit kit = ThisProcess.testKit().answers("y").onProgress(progress -> {
                if (progress.activity().equals("verifying") && changed.compareAndSet(false, true)) {
                    overwrite(loop.backing(), 8 * MIB, 4096);
                }
            });
            StepResult result;
            try {
                result = kit.execute(step, with(image, loop, true));
            } finally {
                holder.close();
            }

            assertThat(changed).isTrue();
            assertThat(result.failure())
                    .isInstanceOf(StepFailure.class)
                    .hasMessageStartingWith("verification failed: the first " + 12 * MIB + " bytes of " + loop.node()
                            + " read back with SHA-256 ")
                    .hasMessageContaining("the image has " + sha256(image))
                    .hasMessageEndingWith("do not boot from it");
        }
    }

    @Test
    void stopsPromptlyWhenCancelledMidWriteAndSaysWhatItLeft() throws Exception {
        Path image = image("nixos-installer.iso", 32 * MIB);
        try (LoopDevice loop = LoopDevice.attach(zeros("drive", 32 * MIB))) {
            PlaybookEngine engine = Engines.create(ThisProcess.host(), List.of());
            List<String> lines = new CopyOnWriteArrayList<>();
            AtomicReference<Progress> cancelledAt = new AtomicReference<>();
            RunListener listener = new RunListener() {
                @Override
                public void output(String stepId, Stream stream, String line) {
                    lines.add(line);
                }

                @Override
                public void progress(String stepId, Progress progress) {
                    // Ctrl-C, as the CLI's shutdown hook delivers it, once the first block is on the drive.
                    if (progress.activity().equals("writing")
                            && progress.doneBytes() > 0
                            && cancelledAt.compareAndSet(null, progress)) {
                        engine.cancel();
                    }
                }
            };
            long start = System.nanoTime();
            RunSummary summary = engine.run(playbook(engine, image, loop), options(question -> true), listener);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(cancelledAt.get()).isNotNull();
            assertThat(summary.exitCode()).isEqualTo(130);
            assertThat(summary.steps()).singleElement().satisfies(s -> assertThat(s.status())
                    .isEqualTo(StepStatus.CANCELLED));
            assertThat(lines)
                    .contains("stopped after writing 4.0 MiB of 32.0 MiB to " + loop.node() + ": it now"
                            + " holds part of the image and will not boot; run the step again to write it whole");
            assertThat(millis)
                    .as("ms from start to the end of the cancelled run")
                    .isLessThan(10_000);
            byte[] drive = Files.readAllBytes(loop.backing());
            byte[] written = Files.readAllBytes(image);
            assertThat(Arrays.copyOf(drive, 4 * MIB)).isEqualTo(Arrays.copyOf(written, 4 * MIB));
            assertZeros(Arrays.copyOfRange(drive, 8 * MIB, 32 * MIB));
        }
    }

    @Test
    void checksTheDriveAgainAfterTheAnswerAndWritesNothingWhenItChanged() throws Exception {
        Path image = image("nixos-installer.iso", MIB);
        try (LoopDevice loop = LoopDevice.attach(zeros("drive", 8 * MIB))) {
            SystemTool.run("mkfs.ext4", "-q", "-F", loop.node());
            Path mountPoint = Files.createDirectory(directory.resolve("automounted"));
            PlaybookEngine engine = Engines.create(ThisProcess.host(), List.of());
            // While the person reads the question, the desktop mounts the stick.
            RunSummary mounted;
            try {
                mounted = engine.run(
                        playbook(engine, image, loop),
                        options(question -> {
                            SystemTool.run("mount", loop.node(), mountPoint.toString());
                            return true;
                        }),
                        new RunListener() {});
            } finally {
                SystemTool.run("umount", mountPoint.toString());
            }
            // Or another drive takes the name: here the same node, grown to twice the size.
            RunSummary replaced = engine.run(
                    playbook(engine, image, loop),
                    options(question -> {
                        try (RandomAccessFile drive =
                                new RandomAccessFile(loop.backing().toFile(), "rw")) {
                            drive.setLength(16 * MIB);
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                        SystemTool.run("losetup", "--set-capacity", loop.node());
                        return true;
                    }),
                    new RunListener() {});

            assertThat(mounted.steps()).singleElement().satisfies(s -> assertThat(s.error())
                    .isEqualTo("refusing to write " + loop.node() + ": " + loop.node() + " is mounted at " + mountPoint
                            + ": unmount it first (umount '" + mountPoint + "')"));
            assertThat(replaced.steps()).singleElement().satisfies(s -> assertThat(s.error())
                    .startsWith(
                            loop.node() + " changed since the question (now loop device backed by " + loop.backing())
                    .contains("16.0 MiB")
                    .endsWith("nothing was written; run the step again"));
            // Mounting writes the ext4 superblock; the image's bytes must not be there.
            assertThat(Arrays.equals(Arrays.copyOf(Files.readAllBytes(loop.backing()), MIB), Files.readAllBytes(image)))
                    .as("the drive holds the image")
                    .isFalse();
        }
    }

    @Test
    void planShowsTheDriveTheQuestionAndEachPhaseWithoutTouchingIt() throws Exception {
        Path image = image("nixos-installer.iso", MIB);
        try (LoopDevice loop = LoopDevice.attach(zeros("drive", 8 * MIB))) {
            FileTime before = Files.getLastModifiedTime(loop.backing());
            StepPlan plan = ThisProcess.testKit().plan(step, with(image, loop, false));

            assertThat(plan.actions())
                    .containsExactly(
                            "check " + loop.node() + ": loop device backed by " + loop.backing()
                                    + ", model unknown, serial" + " unknown, 8.0 MiB, not removable; no partitions",
                            "refuse: " + loop.node() + " is not a removable drive (/sys/block/" + loop.name()
                                    + "/removable is 0): if it is the drive you mean, set allow_non_removable: true",
                            "ask: ERASE " + loop.node() + " (loop device backed by " + loop.backing()
                                    + ", model unknown,"
                                    + " serial unknown, 8.0 MiB, not removable; no partitions) and write " + image
                                    + " (1.0 MiB) to it? [y/N]",
                            "write " + image + " to " + loop.node()
                                    + " in 4.0 MiB blocks, each synced to the drive (like dd"
                                    + " bs=4M oflag=sync), with progress; then fsync " + loop.node(),
                            "verify: read " + loop.node()
                                    + " back past the page cache (O_DIRECT) and compare its SHA-256"
                                    + " with the image's");
            assertZeros(Files.readAllBytes(loop.backing()));
            assertThat(Files.getLastModifiedTime(loop.backing())).isEqualTo(before);
        }
    }

    @Test
    void planOfADeviceThatIsNotThereSaysItIsCheckedWhenTheStepRuns() {
        StepPlan plan = ThisProcess.testKit()
                .plan(step, "image: result/iso/nixos.iso\ndevice: /dev/disk/by-id/" + "usb-No_Such_Stick-0:0\n");

        assertThat(plan.actions().get(0))
                .isEqualTo("check /dev/disk/by-id/usb-No_Such_Stick-0:0: /dev/disk/by-id/"
                        + "usb-No_Such_Stick-0:0 does not exist: is the drive plugged in? ('ls -l /dev/disk/by-id/' lists"
                        + " the drives by model and serial) (checked again when the step runs)");
        assertThat(plan.actions().get(1))
                .isEqualTo("ask: ERASE /dev/disk/by-id/usb-No_Such_Stick-0:0 (described"
                        + " when the step runs) and write result/iso/nixos.iso to it? [y/N]");
    }

    @Test
    void rejectsADeviceThatIsNotADevicePath() {
        StepResult result = ThisProcess.testKit().execute(step, "image: nixos.iso\ndevice: sdb\n");

        assertThat(result.failure())
                .hasMessage("with.device: must be a device path such as /dev/sdb or /dev/disk/by-id/...");
    }

    private static String with(Path image, LoopDevice loop, boolean allowNonRemovable) {
        return "image: " + image + "\ndevice: " + loop.node() + "\nallow_non_removable: " + allowNonRemovable + "\n";
    }

    /** A playbook of one disk.write step, compiled by the real engine. */
    private CompiledPlaybook playbook(PlaybookEngine engine, Path image, LoopDevice loop) throws Exception {
        Path playbook = directory.resolve("write.yaml");
        Files.writeString(
                playbook,
                "name: write\nsteps:\n  - id: write_iso\n    type: disk.write\n    with:\n"
                        + "      image: " + image + "\n      device: " + loop.node() + "\n"
                        + "      allow_non_removable: true\n");
        return engine.compile(playbook, VariableInputs.none());
    }

    /** Run options whose questions are answered by the function, as a person at the terminal would. */
    private RunOptions options(Predicate<String> answer) {
        Interaction person = new Interaction() {
            @Override
            public boolean confirm(String question) {
                return answer.test(question);
            }

            @Override
            public String ask(String question, boolean secret, String defaultValue) {
                return defaultValue;
            }
        };
        return new RunOptions(
                1, false, false, null, Set.of(), Set.of(), Set.of(), directory.resolve(".nixboot"), directory, person);
    }

    /** An image of random bytes: every block differs from zeros and from every other block. */
    private Path image(String name, long size) throws IOException {
        byte[] bytes = new byte[(int) size];
        new Random(size).nextBytes(bytes);
        return Files.write(directory.resolve(name), bytes);
    }

    private Path zeros(String name, long size) throws IOException {
        Path file = directory.resolve(name);
        try (RandomAccessFile drive = new RandomAccessFile(file.toFile(), "rw")) {
            drive.setLength(size);
        }
        return file;
    }

    /** AssertJ's containsOnly boxes every byte: seconds for a few MiB. */
    private static void assertZeros(byte[] bytes) {
        int first = 0;
        while (first < bytes.length && bytes[first] == 0) {
            first++;
        }
        assertThat(first).as("offset of the first byte that is not zero").isEqualTo(bytes.length);
    }

    private static void overwrite(Path file, long offset, int length) {
        byte[] garbage = new byte[length];
        Arrays.fill(garbage, (byte) 0x5a);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(garbage), offset);
            channel.force(true);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /**
     * The whole disk holding {@code /}, read here independently of the step: the device of the root mount in
     * mountinfo, and its disk when that is a partition.
     */
    private static String rootDisk() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            if (fields[4].equals("/")) {
                assertThat(fields[2])
                        .as("/ must be on a block device for this test (it is on %s)", line)
                        .doesNotStartWith("0:");
                Path device = Path.of("/sys/dev/block", fields[2]).toRealPath();
                Path disk = Files.exists(device.resolve("partition")) ? device.getParent() : device;
                return "/dev/" + disk.getFileName();
            }
        }
        throw new AssertionError("no root mount in /proc/self/mountinfo");
    }
}
