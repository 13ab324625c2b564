package dev.nixboot.cli;

import java.util.List;

/**
 * The training run of the launcher's start-up cache (see {@code bin/nixboot}): the classes a run loads are the ones the
 * cache keeps, already parsed and linked, so it runs what users' short commands run, in one process: {@code validate},
 * a dry run, a graph and {@code --version} of the training playbook. None of them starts a process, opens a socket or
 * writes a file, so the training reads nothing of the user's and leaves nothing behind. Not a command users see.
 */
public final class StartupTraining {
    private StartupTraining() {}

    /** {@code args[0]}: the training playbook. */
    public static void main(String[] args) {
        for (List<String> command : commands(args[0])) {
            // As the process's own command would run: the launcher sends the output nowhere.
            Main.execute(command.toArray(String[]::new));
        }
        System.exit(0);
    }

    /** The training's command lines for {@code playbook}, each as a user would type it after {@code nixboot}. */
    static List<List<String>> commands(String playbook) {
        return List.of(
                List.of("validate", playbook),
                List.of("run", "--dry-run", playbook),
                List.of("graph", playbook),
                List.of("--version"));
    }
}
