package dev.nixboot.engine.api;

import dev.nixboot.engine.spi.Interaction;
import java.nio.file.Path;
import java.util.Set;

/**
 * How to run a compiled playbook.
 *
 * @param parallelism how many steps may run at once ({@code --parallel})
 * @param failFast cancel everything at the first failure instead of finishing independent branches
 * @param resume skip steps completed in the previous run of this playbook, taking their outputs from its state
 * @param from start at this step id (its ancestors count as done); null for none
 * @param only run just these step ids; empty for all
 * @param skip leave these step ids out
 * @param tags run just steps carrying one of these tags; empty for all
 * @param stateDirectory where run state is kept ({@code .nixboot/} in the working directory by default)
 * @param workingDirectory the directory nixboot was started in
 * @param interaction how questions reach the user ({@code --yes} and terminal handling live behind it)
 * @param locks the locks named by steps' {@code lock:}, shared with the other runs of the same command
 * @param runName how this run is named in lock messages (the host of a run over many hosts), or null
 */
public record RunOptions(
        int parallelism,
        boolean failFast,
        boolean resume,
        String from,
        Set<String> only,
        Set<String> skip,
        Set<String> tags,
        Path stateDirectory,
        Path workingDirectory,
        Interaction interaction,
        NamedLocks locks,
        String runName) {
    public RunOptions {
        only = Set.copyOf(only);
        skip = Set.copyOf(skip);
        tags = Set.copyOf(tags);
        locks = locks == null ? new NamedLocks() : locks;
    }

    /** A run of its own: locks shared with no other run. */
    public RunOptions(
            int parallelism,
            boolean failFast,
            boolean resume,
            String from,
            Set<String> only,
            Set<String> skip,
            Set<String> tags,
            Path stateDirectory,
            Path workingDirectory,
            Interaction interaction) {
        this(
                parallelism,
                failFast,
                resume,
                from,
                only,
                skip,
                tags,
                stateDirectory,
                workingDirectory,
                interaction,
                new NamedLocks(),
                null);
    }
}
