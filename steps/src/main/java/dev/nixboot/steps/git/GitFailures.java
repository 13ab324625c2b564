package dev.nixboot.steps.git;

/** Turns JGit's exception chains into the one line a user needs. */
final class GitFailures {
    private GitFailures() {}

    /** The outermost message, followed by the innermost cause's when it adds something (auth, host key, refused). */
    static String describe(Throwable e) {
        String outer = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String inner = cause.getMessage();
        if (cause == e || inner == null || outer.contains(inner)) {
            return outer;
        }
        return outer + ": " + inner;
    }
}
