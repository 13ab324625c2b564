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

    /**
     * How far a long piece of work has come, in bytes: a bar with the rate and the time left on a terminal, a
     * {@code progress} event in {@code --output json}. Report 0 when the activity begins (its rate is measured from
     * then), then as often as is convenient (after each block, say): the engine passes on the first report of each
     * activity, the last ({@code doneBytes == totalBytes}) and in between one for each hundredth of the work.
     *
     * @param activity what is being done, such as "writing" or "verifying"; a new activity starts a new bar
     * @param doneBytes how many bytes are done, from 0 to {@code totalBytes}
     * @param totalBytes how many bytes there are in all
     */
    void progress(String activity, long doneBytes, long totalBytes);
}
