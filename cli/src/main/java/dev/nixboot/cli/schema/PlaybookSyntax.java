package dev.nixboot.cli.schema;

import dev.nixboot.engine.validate.Scalars;

/**
 * The lexical rules JSON Schema needs as regular expressions where the engine reads with code: durations (the engine
 * keeps that expression beside its parser) and templates.
 */
public final class PlaybookSyntax {
    /** Durations such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 2d}, or ISO-8601 {@code PT30S}. */
    public static final String DURATION = Scalars.DURATION_SYNTAX;

    /** A value holding a {@code ${{ ... }}} template; unanchored, as JSON Schema patterns are. */
    public static final String TEMPLATE = "\\$\\{\\{[\\s\\S]*\\}\\}";

    private PlaybookSyntax() {}

    /**
     * A Jakarta or playbook pattern as a JSON Schema one: those must match the whole value, JSON Schema's match
     * anywhere unless anchored.
     */
    public static String anchored(String regex) {
        if (regex.startsWith("^") && regex.endsWith("$") && !regex.endsWith("\\$")) {
            return regex;
        }
        return "^(?:" + regex + ")$";
    }
}
