package dev.nixboot.steps.disk;

import dev.nixboot.engine.spi.DefaultValue;
import dev.nixboot.engine.spi.Description;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** The {@code with:} of a {@code disk.write} step. */
public record DiskWriteParameters(
        @Description("The image file; relative paths resolve against the directory nixboot was started in.") @NotBlank
        String image,

        @Description("The whole disk to ERASE and write: /dev/sdb, /dev/mmcblk0, or better a name that cannot"
                + " change between plugging in and writing, /dev/disk/by-id/usb-...")
        @NotBlank
        @Pattern(regexp = "/dev/\\S+", message = "must be a device path such as /dev/sdb or /dev/disk/by-id/...")
        String device,

        @Description("Also write to a disk the kernel does not call removable (an internal disk, or a USB disk in"
                + " an enclosure that says it is fixed). Every other refusal still applies.")
        @DefaultValue("false")
        boolean allowNonRemovable) {}
