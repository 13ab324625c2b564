package dev.nixboot.cli.command;

/** The user asked for something that cannot be done as asked: one line saying what and what to do. Exit 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
