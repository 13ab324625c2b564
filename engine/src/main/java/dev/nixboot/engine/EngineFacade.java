package dev.nixboot.engine;

import dev.nixboot.engine.api.LocalHost;
import dev.nixboot.engine.api.PlannedStep;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunOptions;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.compile.CompiledPlaybook;
import dev.nixboot.engine.compile.PlaybookCompiler;
import dev.nixboot.engine.compile.StepRegistry;
import dev.nixboot.engine.plan.Planner;
import dev.nixboot.engine.run.Runner;
import dev.nixboot.engine.spi.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine behind {@link PlaybookEngine}: compiling is delegated to the compile pipeline, planning and running to
 * the plan and run packages, so each half of the engine keeps its own classes.
 */
final class EngineFacade implements PlaybookEngine {
    private final LocalHost host;
    private final StepRegistry registry;
    private final PlaybookCompiler compiler;
    /** The runs going on now: one per host when a command runs a playbook over many hosts. */
    private final Set<Runner> current = ConcurrentHashMap.newKeySet();

    private volatile boolean cancelled;

    EngineFacade(LocalHost host, StepRegistry registry) {
        this.host = host;
        this.registry = registry;
        this.compiler = new PlaybookCompiler(registry);
    }

    @Override
    public List<Step<?, ?>> steps() {
        return registry.all();
    }

    @Override
    public CompiledPlaybook compile(Path playbook, VariableInputs inputs) throws PlaybookException {
        return compiler.compile(playbook, inputs, host.workingDirectory(), host.environment());
    }

    @Override
    public List<PlannedStep> plan(CompiledPlaybook playbook, RunOptions options) throws PlaybookException {
        return new Planner(host).plan(playbook, options);
    }

    @Override
    public RunSummary run(CompiledPlaybook playbook, RunOptions options, RunListener listener) {
        Runner runner = new Runner(host, playbook, options, listener);
        current.add(runner);
        try {
            if (cancelled) {
                // Ctrl-C arrived between compile and run: stop before the first step starts.
                runner.cancel();
            }
            return runner.run();
        } finally {
            current.remove(runner);
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        current.forEach(Runner::cancel);
    }
}
