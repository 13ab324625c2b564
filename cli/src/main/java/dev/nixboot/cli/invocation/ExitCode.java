package dev.nixboot.cli.invocation;

/**
 * The exit codes of {@code nixboot}. They are part of its interface: scripts and CI jobs branch on them, so they never
 * change meaning.
 */
public final class ExitCode {
    /** Everything asked for was done (or, for validate and dry runs, would be possible). */
    public static final int OK = 0;
    /** A step failed (its dependents were skipped), or nixboot itself hit an internal error. */
    public static final int STEP_FAILED = 1;
    /**
     * Bad usage (unknown option, missing file, unknown step id), an invalid playbook, or a run refused before its
     * first step (another run of the playbook is going on in the directory): nothing ran.
     */
    public static final int USAGE = 2;
    /**
     * Interrupted by Ctrl-C (SIGINT), SIGTERM or SIGHUP: running steps were stopped and state saved, so --resume
     * continues. 128 + SIGINT, for all three: they mean the same to a run.
     */
    public static final int INTERRUPTED = 130;

    private ExitCode() {}
}
