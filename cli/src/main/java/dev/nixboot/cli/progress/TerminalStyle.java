package dev.nixboot.cli.progress;

import java.util.Map;

/**
 * How the human display may write: redraw a live view only on a terminal, colour only on a terminal whose user has not
 * asked for none (<a href="https://no-color.org">NO_COLOR</a>, set to anything but the empty string) and that is not
 * {@code TERM=dumb}.
 *
 * @param live whether lines may be rewritten in place with cursor movements
 * @param colour whether ANSI colours may be used
 */
public record TerminalStyle(boolean live, boolean colour) {
    public static final TerminalStyle PLAIN = new TerminalStyle(false, false);

    /**
     * @param terminal whether the display's stream is a terminal; only {@code main} can know (System.console())
     * @param environment the process environment
     */
    public static TerminalStyle detect(boolean terminal, Map<String, String> environment) {
        if (!terminal || "dumb".equals(environment.get("TERM"))) {
            return PLAIN;
        }
        String noColour = environment.get("NO_COLOR");
        return new TerminalStyle(true, noColour == null || noColour.isEmpty());
    }

    /** The text in an ANSI colour, or as it is when colours are off. */
    public String paint(String text, Colour colour) {
        return this.colour ? colour.code + text + Colour.RESET : text;
    }

    /** The few colours the display uses, each for one meaning. */
    public enum Colour {
        /** Running, or a detail. */
        DIM("\u001b[2m"),
        SUCCESS("\u001b[32m"),
        FAILURE("\u001b[31m"),
        /** Skipped or cancelled. */
        WARNING("\u001b[33m"),
        /** A step id. */
        BOLD("\u001b[1m");

        static final String RESET = "\u001b[0m";
        private final String code;

        Colour(String code) {
            this.code = code;
        }
    }
}
