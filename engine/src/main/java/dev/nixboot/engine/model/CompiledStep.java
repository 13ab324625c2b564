package dev.nixboot.engine.model;

import dev.nixboot.engine.api.SourceLocation;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One validated step, with its templates kept for resolution at run time. */
public interface CompiledStep {
    String id();

    String type();

    Step<?, ?> step();

    String description();

    /** Ids this step waits for: its {@code needs}, or the step before it when it has none. */
    List<String> needs();

    List<String> tags();

    /** The condition as written, or empty. */
    String whenText();

    /** Evaluates {@code when:}; true when there is none. */
    boolean when(RunScope scope) throws StepFailure;

    /** The {@code confirm:} question with templates resolved, if the step has one. */
    Optional<String> confirm(RunScope scope) throws StepFailure;

    Retry retry();

    Optional<Duration> timeout();

    boolean continueOnError();

    /**
     * The named lock this step holds ({@code lock:}): across every run that shares {@link
     * dev.nixboot.engine.api.RunOptions#locks()}, one run at a time holds it, for a whole section: the steps naming
     * it that are linked by their direct needs, from the start of the first until the last has ended.
     */
    default Optional<String> lock() {
        return Optional.empty();
    }

    /** Resolves templates in {@code with:}, binds the parameter record and validates it. */
    Record parameters(RunScope scope) throws StepFailure;

    /**
     * The {@code with:} values for display: templates resolved as far as the scope allows (placeholders for
     * outputs not known yet), secret values masked.
     */
    Map<String, Object> displayParameters(RunScope scope);

    /** Where the step starts in the playbook, for messages. */
    SourceLocation location();

    /**
     * The outputs of other steps its templates use, as {@code <step id>.<output>}: what a resumed run must have of
     * the steps it does not run again.
     */
    Set<String> outputsUsed();
}
