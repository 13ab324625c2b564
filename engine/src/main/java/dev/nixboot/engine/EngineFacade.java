package dev.nixboot.engine;

import dev.nixboot.engine.api.CompiledPlaybook;
import dev.nixboot.engine.api.PlannedStep;
import dev.nixboot.engine.api.PlaybookEngine;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunOptions;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.compile.PlaybookCompiler;
import dev.nixboot.engine.compile.StepRegistry;
import dev.nixboot.engine.spi.Step;
import java.nio.file.Path;
import java.util.List;

/**
 * The engine behind {@link PlaybookEngine}: compiling is delegated to the compile pipeline, planning and running to
 * the plan and run packages, so each half of the engine keeps its own classes.
 */
public final class EngineFacade implements PlaybookEngine {
    private final StepRegistry registry;
    private final PlaybookCompiler compiler;

    public EngineFacade(StepRegistry registry) {
        this.registry = registry;
        this.compiler = new PlaybookCompiler(registry);
    }

    public StepRegistry registry() {
        return registry;
    }

    @Override
    public List<Step<?>> steps() {
        return registry.all();
    }

    @Override
    public CompiledPlaybook compile(Path playbook, VariableInputs inputs) throws PlaybookException {
        return compiler.compile(playbook, inputs);
    }

    @Override
    public List<PlannedStep> plan(CompiledPlaybook playbook, RunOptions options) throws PlaybookException {
        throw new UnsupportedOperationException("planning is not wired into the engine yet");
    }

    @Override
    public RunSummary run(CompiledPlaybook playbook, RunOptions options, RunListener listener) {
        throw new UnsupportedOperationException("running is not wired into the engine yet");
    }

    @Override
    public void cancel() {
        throw new UnsupportedOperationException("running is not wired into the engine yet");
    }
}
