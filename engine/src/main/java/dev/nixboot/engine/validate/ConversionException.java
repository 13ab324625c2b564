package dev.nixboot.engine.validate;

/** A value cannot be read as the type wanted; the message says what to write instead. */
public final class ConversionException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConversionException(String message) {
        super(message);
    }
}
