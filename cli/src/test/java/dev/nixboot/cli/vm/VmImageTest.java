package dev.nixboot.cli.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nixboot.cli.testing.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The rehearsal VM's kernel and initramfs: built from this machine's files, once, with what every phase needs. */
@Tag("vm")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class VmImageTest {
    private static final Path BUILD =
            RepositoryFiles.root().resolve("cli/src/test/resources/rehearsal/vm/build-initramfs");

    @TempDir
    Path scratch;

    @Test
    void isBuiltOnceAndReusedWhileNothingItIsMadeOfChanges() throws IOException {
        Path image = RehearsalVm.image();
        build(image);
        FileTime built = Files.getLastModifiedTime(image.resolve("initramfs.img"));

        build(image);

        assertThat(Files.getLastModifiedTime(image.resolve("initramfs.img")))
                .as("not rebuilt")
                .isEqualTo(built);
    }

    @Test
    void holdsTheProgramsAndTheVirtioModulesEachAfterWhatItNeeds() throws IOException {
        Path image = RehearsalVm.image();
        build(image);
        Path unpacked = scratch.resolve("root");
        Files.createDirectories(unpacked);

        RehearsalVm.run(
                List.of(
                        "sh",
                        "-c",
                        "cd \"$1\" && gzip -dc \"$0\" | cpio -id --quiet",
                        image.resolve("initramfs.img").toString(),
                        unpacked.toString()),
                Duration.ofMinutes(1),
                Map.of());

        for (String program : List.of(
                "init",
                "usr/sbin/sshd",
                "usr/lib/openssh/sftp-server",
                "usr/sbin/sgdisk",
                "usr/sbin/mke2fs",
                "usr/sbin/mkfs.vfat",
                "usr/sbin/kexec",
                "usr/bin/tar",
                "usr/bin/setsid",
                "nixboot/installer-bin/nixos-generate-config",
                "nixboot/installer-bin/nixos-install")) {
            assertThat(unpacked.resolve(program)).as(program).isExecutable();
        }
        Path modules;
        try (var versions = Files.list(unpacked.resolve("lib/modules"))) {
            modules = versions.findFirst().orElseThrow();
        }
        List<String> order = Files.readAllLines(modules.resolve("load-order"));
        Map<String, List<String>> dependencies =
                dependencies(Path.of("/lib/modules").resolve(modules.getFileName()));
        for (String module : List.of("virtio_pci", "virtio_blk", "virtio_net")) {
            assertThat(order).as("load order").anySatisfy(m -> assertThat(m).endsWith("/" + module + ".ko"));
        }
        for (int i = 0; i < order.size(); i++) {
            for (String needed : dependencies.getOrDefault(order.get(i), List.of())) {
                assertThat(order.subList(0, i))
                        .as("%s needs %s first", order.get(i), needed)
                        .contains(needed);
            }
            assertThat(modules.resolve(order.get(i))).isRegularFile();
        }
    }

    private static Map<String, List<String>> dependencies(Path moduleDirectory) throws IOException {
        Map<String, List<String>> dependencies = new HashMap<>();
        for (String line : Files.readAllLines(moduleDirectory.resolve("modules.dep"))) {
            int colon = line.indexOf(':');
            String rest = line.substring(colon + 1).strip();
            dependencies.put(line.substring(0, colon), rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
        }
        return dependencies;
    }

    private static void build(Path image) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", BUILD.toString(), image.toString()));
        assertThat(RehearsalVm.run(command, Duration.ofMinutes(4), Map.of()).strip())
                .isEqualTo(image.toString());
    }
}
