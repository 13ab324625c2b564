package dev.nixboot.engine.spi;

/** Live output of a step. Thread-safe; each call is one line. */
public interface StepConsole {

    /** A line the step's work wrote to its standard output. */
    void stdout(String line);

    /** A line the step's work wrote to its standard error. */
    void stderr(String line);

    /** A note from the step itself, such as "waiting for 10.0.0.5:22 (attempt 3)". */
    void info(String message);
}
