package dev.nixboot.engine.run;

import dev.nixboot.engine.api.NamedLocks;
import dev.nixboot.engine.compile.CompiledStep;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One run's share of the {@link NamedLocks}, held section by section. A section is a chain of the run's steps naming
 * one lock, each needing the one before directly (add key, re-encrypt, commit, push): the run takes the lock when the
 * first step of a section is about to run and gives it back when every step of the section has ended (however it
 * ended), so the section runs whole before another run's. Steps naming a lock with other steps between them (stage a
 * file, install for minutes, then commit it) are sections of their own: the lock is not held across the install, and
 * other runs take turns in between.
 */
final class RunLocks {
    private final NamedLocks shared;
    private final String runName;
    /** The section of each step that names a lock. */
    private final Map<String, Section> sectionOf = new HashMap<>();
    /** This run's hold on each lock its steps name. */
    private final Map<String, Hold> holds = new HashMap<>();

    RunLocks(NamedLocks shared, String runName, List<? extends CompiledStep> steps) {
        this.shared = shared;
        this.runName = runName;
        Map<String, CompiledStep> byId = new HashMap<>();
        for (CompiledStep step : steps) {
            byId.put(step.id(), step);
            step.lock().ifPresent(name -> {
                Section section = new Section(holds.computeIfAbsent(name, Hold::new));
                section.pending = 1;
                sectionOf.put(step.id(), section);
            });
        }
        // A step and a need of it naming the same lock are one section, in whatever order the playbook lists them.
        for (CompiledStep step : steps) {
            for (String need : step.needs()) {
                CompiledStep upstream = byId.get(need);
                if (step.lock().isPresent()
                        && upstream != null
                        && upstream.lock().equals(step.lock())) {
                    sectionOf.get(step.id()).merge(sectionOf.get(need), sectionOf);
                }
            }
        }
    }

    /** Holds the lock of {@code stepId} for this run, waiting for other runs; false when {@code stopped} first. */
    boolean acquire(String stepId, BooleanSupplier stopped, Consumer<String> waiting) throws InterruptedException {
        Section section = sectionOf.get(stepId);
        Hold hold = section.hold;
        // Two steps of this run may reach the lock at once: the second waits for the first's answer, not the lock.
        synchronized (hold) {
            if (!hold.held) {
                if (!shared.acquire(hold.name, runName, stopped, waiting)) {
                    return false;
                }
                hold.held = true;
            }
            if (!section.open) {
                section.open = true;
                hold.openSections++;
            }
            return true;
        }
    }

    /** The step {@code stepId}, which names a lock, ended; the last step of the last open section gives it back. */
    void stepEnded(String stepId) {
        Section section = sectionOf.get(stepId);
        Hold hold = section.hold;
        synchronized (hold) {
            section.pending--;
            if (section.pending == 0 && section.open) {
                section.open = false;
                hold.openSections--;
                if (hold.openSections == 0 && hold.held) {
                    hold.held = false;
                    shared.release(hold.name);
                }
            }
        }
    }

    /** At the end of the run, whatever happened: nothing stays held. */
    void releaseAll() {
        for (Hold hold : holds.values()) {
            synchronized (hold) {
                if (hold.held) {
                    hold.held = false;
                    hold.openSections = 0;
                    shared.release(hold.name);
                }
            }
        }
    }

    /** Whether this run holds a lock, and how many of its sections under that lock have begun and not ended. */
    private static final class Hold {
        private final String name;
        private boolean held;
        private int openSections;

        Hold(String name) {
            this.name = name;
        }
    }

    /** A chain of steps naming one lock; guarded by its hold. */
    private static final class Section {
        private final Hold hold;
        private int pending;
        private boolean open;

        Section(Hold hold) {
            this.hold = hold;
        }

        /** Takes {@code other}'s steps into this section (both not begun yet: they are being built). */
        void merge(Section other, Map<String, Section> sectionOf) {
            if (other != this) {
                pending += other.pending;
                sectionOf.replaceAll((step, section) -> section == other ? this : section);
            }
        }
    }
}
