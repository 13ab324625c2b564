package dev.nixboot.cli;

import java.util.List;

/**
 * The training run of the JDK 25 start-up cache (see {@code bin/nixboot}): the classes a run loads are the ones the
 * cache keeps, already parsed and linked, so it goes through what users' commands go through — {@code validate},
 * a dry run and a graph of the training playbook — in one process. Everything it does is read-only: no process is
 * started, no file written, no connection made. Not a command users see.
 */
public final class StartupTraining {
    private StartupTraining() {}

    /** {@code args[0]}: the training playbook. */
    public static void main(String[] args) {
        String playbook = args[0];
        for (List<String> command : List.of(
                List.of("validate", playbook),
                List.of("run", "--dry-run", playbook),
                List.of("graph", playbook),
                List.of("--version"))) {
            // As the process's own command would run: the launcher sends the output nowhere.
            Main.execute(command.toArray(String[]::new));
        }
        System.exit(0);
    }
}
