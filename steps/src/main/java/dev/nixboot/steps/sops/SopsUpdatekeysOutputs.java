package dev.nixboot.steps.sops;

import dev.nixboot.engine.spi.Description;
import java.util.List;

/** What {@link SopsUpdatekeysStep} returns. */
public record SopsUpdatekeysOutputs(
        @Description("The files sops updated, relative to the config's directory")
        List<String> files,

        @Description("How many files were updated") int count) {}
