package dev.nixboot.cli;

/** The user asked for something that cannot be done as asked: one line saying what and what to do. Exit 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
