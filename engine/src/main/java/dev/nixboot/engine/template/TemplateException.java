package dev.nixboot.engine.template;

/** A template cannot be parsed or evaluated; the message is for the user, one line. */
public final class TemplateException extends Exception {
    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }
}
