package dev.nixboot.engine.spi;

/** Live output of a step. Thread-safe; each call is one line. */
public interface StepConsole {

    /**
     * The longest line a step should pass in one call, in chars. A step must bound what it holds, so it passes a
     * longer line in pieces of at least this many chars each, then the rest: a call this long continues in the next
     * call of its stream. The console masks across such pieces, so a secret cut between two of them is masked too.
     */
    int MAX_LINE = 64 * 1024;

    /** A line the step's work wrote to its standard output. */
    void stdout(String line);

    /** A line the step's work wrote to its standard error. */
    void stderr(String line);

    /** A note from the step itself, such as "waiting for 10.0.0.5:22 (attempt 3)". */
    void info(String message);
}
