package dev.nixboot.steps.disk;

import dev.nixboot.engine.spi.Description;

/** What {@link DiskWriteStep} returns. */
public record DiskWriteOutputs(
        @Description("The disk written, by its kernel name: /dev/sdb")
        String device,

        @Description("How many bytes were written: the image's size")
        long bytes,

        @Description("The image's SHA-256, which the device read back matched")
        String sha256) {}
