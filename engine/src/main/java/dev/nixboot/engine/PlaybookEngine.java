package dev.nixboot.engine;

import dev.nixboot.engine.api.PlannedStep;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunOptions;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.compile.CompiledPlaybook;
import dev.nixboot.engine.spi.Step;
import java.nio.file.Path;
import java.util.List;

/**
 * The engine as front ends see it; {@link Engines} makes one. It sits at the package root, not in {@code api}, because
 * it hands out the {@link CompiledPlaybook} the compile pipeline makes, and {@code api} names none of the engine's
 * workings.
 */
public interface PlaybookEngine {

    /** Every step type available, sorted by type name. */
    List<Step<?, ?>> steps();

    /** Loads and validates a playbook with its inputs. Does nothing else: no process, file or network access. */
    CompiledPlaybook compile(Path playbook, VariableInputs inputs) throws PlaybookException;

    /** A dry run: what each step would do, in execution order. No side effects. */
    List<PlannedStep> plan(CompiledPlaybook playbook, RunOptions options) throws PlaybookException;

    /**
     * Runs the playbook; returns when every step has ended or the run was cancelled. Several runs may go on at once
     * (one per host); runs given one {@link RunOptions#locks()} share the locks their steps name.
     */
    RunSummary run(CompiledPlaybook playbook, RunOptions options, RunListener listener);

    /**
     * Cancels every running {@link #run} (Ctrl-C) and any started later: stops running steps, saves state; each run
     * returns exit code 130.
     */
    void cancel();
}
