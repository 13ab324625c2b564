package dev.nixboot.engine.run;

import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunOptions;
import dev.nixboot.engine.compile.CompiledPlaybook;
import dev.nixboot.engine.plan.Preparation;
import dev.nixboot.engine.plan.Selection;
import dev.nixboot.engine.secrets.SecretMask;
import dev.nixboot.engine.state.RunDirectory;
import dev.nixboot.engine.state.StateRecorder;
import dev.nixboot.engine.template.RunScope;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run's facts and resources, made once before its first step and closed after its last: what the scheduler,
 * the step attempts and the outcome recording share.
 *
 * @param listener the front end's listener, guarded so that a failing display cannot break the run
 * @param outputs the outputs of the steps that have ended so far (and those a saved run lends): written as steps end,
 *     read by {@link #scope()}'s templates
 * @param environment what every step context sees: directories, environment, interaction, shared resources
 * @param interaction the one questions go through, closed with the run
 */
record Run(
        CompiledPlaybook playbook,
        RunOptions options,
        RunListener listener,
        SecretMask mask,
        Selection selection,
        Map<String, Map<String, Object>> outputs,
        RunScope scope,
        RunEnvironment environment,
        SerialInteraction interaction,
        RunLocks locks,
        StateRecorder state,
        RunStop stop)
        implements AutoCloseable {

    Run {
        Objects.requireNonNull(playbook, "playbook");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(interaction, "interaction");
        Objects.requireNonNull(locks, "locks");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stop, "stop");
    }

    /** Makes the run directory's path, the shared resources and the state file's directory; starts no step. */
    static Run open(
            CompiledPlaybook playbook,
            RunOptions options,
            RunListener listener,
            Preparation preparation,
            RunStop stop) {
        SecretMask mask = preparation.mask();
        RunDirectory runDirectory = new RunDirectory();
        SharedResources shared = new SharedResources(message -> listener.notice(mask.mask(message)));
        SerialInteraction interaction =
                new SerialInteraction(options.interaction() == null ? new NoInteraction() : options.interaction());
        // A step waiting for an answer (a confirm: field, a confirm or prompt step) is released when the run stops.
        stop.onStop(interaction::cancel);
        RunEnvironment environment = new RunEnvironment(
                preparation.playbookDirectory(),
                preparation.workingDirectory(),
                runDirectory,
                preparation.environment(),
                preparation.home(),
                mask,
                listener,
                interaction,
                shared);
        Map<String, Map<String, Object>> outputs = new ConcurrentHashMap<>();
        RunScope scope = preparation.scope(outputs, runDirectory.path(), false);
        String playbookName = playbook.file() == null
                ? playbook.name()
                : playbook.file().toAbsolutePath().toString();
        StateRecorder state = new StateRecorder(
                preparation.store(),
                playbookName,
                preparation.fingerprint(),
                preparation.publicVariables(),
                playbook.stepIds(),
                message -> listener.notice(mask.mask(message)));
        RunLocks locks = new RunLocks(
                options.locks(), options.runName() == null ? playbook.name() : options.runName(), playbook.steps());
        return new Run(
                playbook,
                options,
                listener,
                mask,
                preparation.selection(),
                outputs,
                scope,
                environment,
                interaction,
                locks,
                state,
                stop);
    }

    /** A message about the whole run, masked. */
    void notice(String message) {
        listener.notice(mask.mask(message));
    }

    /**
     * Gives back what the run held, whatever happened: named locks, shared resources (SSH connections), the run
     * directory; and writes the final state file.
     */
    @Override
    public void close() {
        interaction.close();
        locks.releaseAll();
        environment.shared().close();
        String problem = environment.runDirectory().remove();
        if (problem != null) {
            notice(problem);
        }
        state.close();
    }
}
