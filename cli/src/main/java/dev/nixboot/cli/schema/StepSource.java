package dev.nixboot.cli.schema;

import dev.nixboot.engine.spi.Step;
import java.nio.file.Path;
import java.util.List;

/** Where commands get the step types from; tests hand in their own. */
@FunctionalInterface
public interface StepSource {
    StepSource INSTALLED = InstalledSteps::find;

    /** The step types, sorted by type, found with these plugin directories. */
    List<Step<?>> steps(List<Path> pluginPath);
}
