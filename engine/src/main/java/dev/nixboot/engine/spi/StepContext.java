package dev.nixboot.engine.spi;

import java.nio.file.Path;
import java.util.function.Supplier;

/** What a running step may use. One context per step execution; safe to use from the step's own threads. */
public interface StepContext extends PlanContext {

    /** Where the step's output goes: lines are prefixed by the step id, masked, and streamed live. */
    StepConsole console();

    /** Questions for the user; answers yes to every confirmation under {@code --yes}. */
    Interaction interaction();

    /**
     * The run directory of {@link #runDirectory()}, created on first use (mode 0700) and removed when the run ends.
     */
    Path createRunDirectory();

    /**
     * One instance of a run-scoped resource per type, made by the factory on first use and closed (when
     * {@link AutoCloseable}) after the last step of the run. Lets steps share, say, SSH connections without the
     * engine knowing what SSH is.
     */
    <T> T shared(Class<T> type, Supplier<? extends T> factory);

    /** Registers a value produced at run time (a password read from a prompt, say) to be masked from now on. */
    void addSecret(String value);

    /**
     * Runs the action if the step is cancelled (timeout, {@code --fail-fast}, Ctrl-C), besides interrupting the
     * step's thread. Use it to kill a process or close a channel a blocked call is waiting on. Closing the returned
     * handle unregisters the action.
     */
    AutoCloseable onCancel(Runnable action);

    /** Whether the step has been asked to stop. */
    boolean isCancelled();
}
