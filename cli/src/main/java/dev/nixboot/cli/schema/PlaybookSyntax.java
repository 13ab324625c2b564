package dev.nixboot.cli.schema;

/**
 * The lexical rules of a playbook that the schema repeats for editors. The engine's loader is the authority; the test
 * that runs invalid playbooks through both keeps these in step with it.
 */
public final class PlaybookSyntax {
    /** Step ids and variable names: usable in expressions as {@code steps.<id>.outputs.x} and {@code ${{ name }}}. */
    public static final String IDENTIFIER = "^[A-Za-z_][A-Za-z0-9_]*$";

    /** Durations such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}. */
    public static final String DURATION = "^([0-9]+(ms|s|m|h))+$";

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
