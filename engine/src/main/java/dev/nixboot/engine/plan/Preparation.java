package dev.nixboot.engine.plan;

import dev.nixboot.engine.api.LocalHost;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.Problem;
import dev.nixboot.engine.api.RunOptions;
import dev.nixboot.engine.compile.CompiledPlaybook;
import dev.nixboot.engine.secrets.SecretMask;
import dev.nixboot.engine.state.Fingerprint;
import dev.nixboot.engine.state.RunState;
import dev.nixboot.engine.state.StateStore;
import dev.nixboot.engine.template.RunScope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What both a dry run and a run work out before the first step: the secrets to mask, the state file and what it
 * holds, which steps are selected, and what the steps' templates see. Reads the state file; writes nothing.
 */
public final class Preparation {
    private final CompiledPlaybook playbook;
    private final LocalHost host;
    private final SecretMask mask;
    private final StateStore store;
    private final Map<String, Object> publicVariables;
    private final Supplier<String> fingerprint;
    private final Selection selection;
    private final Path workingDirectory;
    private final Path playbookDirectory;

    private Preparation(
            CompiledPlaybook playbook,
            LocalHost host,
            SecretMask mask,
            StateStore store,
            Map<String, Object> publicVariables,
            Supplier<String> fingerprint,
            Selection selection,
            Path workingDirectory,
            Path playbookDirectory) {
        this.playbook = playbook;
        this.host = host;
        this.mask = mask;
        this.store = store;
        this.publicVariables = publicVariables;
        this.fingerprint = fingerprint;
        this.selection = selection;
        this.workingDirectory = workingDirectory;
        this.playbookDirectory = playbookDirectory;
    }

    public static Preparation of(CompiledPlaybook playbook, RunOptions options, LocalHost host)
            throws PlaybookException {
        SecretMask mask = new SecretMask(playbook.secretValues());
        Path workingDirectory = options.workingDirectory() == null
                ? host.workingDirectory()
                : options.workingDirectory().toAbsolutePath();
        Path stateDirectory =
                options.stateDirectory() == null ? workingDirectory.resolve(".nixboot") : options.stateDirectory();
        Path file = playbook.file().toAbsolutePath();
        Path playbookDirectory = file.getParent() == null ? workingDirectory : file.getParent();
        StateStore store = new StateStore(stateDirectory, file, playbook.name());

        Map<String, Object> publicVariables = new LinkedHashMap<>();
        playbook.variableValues().forEach((name, value) -> {
            if (!mask.reveals(value)) {
                publicVariables.put(name, value);
            }
        });
        // Hashing the file is only needed to resume or to save a run's state; a dry run without --resume skips it.
        Supplier<String> fingerprint = once(() -> Fingerprint.of(file, publicVariables));

        Optional<RunState> saved;
        try {
            saved = store.load();
        } catch (IOException e) {
            if (options.resume()) {
                throw new PlaybookException(List.of(new Problem(null, "--resume", e.getMessage(), null)));
            }
            // Without --resume the old state only lends outputs to unselected steps; a broken file just lends none.
            saved = Optional.empty();
        }
        Selection selection = Selection.resolve(playbook, options, saved, fingerprint);
        return new Preparation(
                playbook,
                host,
                mask,
                store,
                publicVariables,
                fingerprint,
                selection,
                workingDirectory,
                playbookDirectory);
    }

    public SecretMask mask() {
        return mask;
    }

    public StateStore store() {
        return store;
    }

    /** Variable values without the secret ones: what may be written to the state file. */
    public Map<String, Object> publicVariables() {
        return publicVariables;
    }

    public String fingerprint() {
        return fingerprint.get();
    }

    /** The supplier's value, computed on first use (from one thread at a time) and kept. */
    private static Supplier<String> once(Supplier<String> supplier) {
        return new Supplier<>() {
            private String value;

            @Override
            public synchronized String get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    public Selection selection() {
        return selection;
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    public Path playbookDirectory() {
        return playbookDirectory;
    }

    /** The environment steps and {@code ${{ env.NAME }}} see. */
    public Map<String, String> environment() {
        return host.environment();
    }

    /** What {@code ~} stands for in the steps' paths. */
    public Path home() {
        return host.homeIn(host.environment());
    }

    /**
     * What templates see: the variables, the environment, the directories, and {@code stepOutputs} as it is when
     * they are read.
     *
     * @param stepOutputs outputs by step id: of the steps that ended so far in a run, of none but lent ones in a dry
     *     run; read through a view, so a run's later outputs show
     * @param planning a dry run: outputs not known are placeholders instead of errors
     */
    public RunScope scope(Map<String, Map<String, Object>> stepOutputs, Path runDirectory, boolean planning) {
        return new RunScope(
                playbook.variableValues(),
                Collections.unmodifiableMap(stepOutputs),
                environment(),
                playbookDirectory,
                workingDirectory,
                runDirectory,
                planning);
    }
}
