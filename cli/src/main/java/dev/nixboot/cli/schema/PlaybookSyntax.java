package dev.nixboot.cli.schema;

import java.util.List;

/**
 * The lexical rules of a playbook that the schema repeats for editors. The engine's loader is the authority; the test
 * that runs invalid playbooks through both keeps these in step with it.
 */
public final class PlaybookSyntax {
    /** Step ids: names in expressions ({@code steps.<id>.outputs.x}), lower case by convention. */
    public static final String STEP_ID = "^[a-z][a-z0-9_]*$";

    /** Variable names: used in expressions as {@code ${{ name }}}. */
    public static final String VARIABLE_NAME = "^[A-Za-z_][A-Za-z0-9_]*$";

    /** Names expressions already give a meaning to, and words the expression language reserves. */
    public static final List<String> RESERVED_NAMES = List.of("steps", "env", "playbook_dir", "working_dir",
            "run_dir", "and", "or", "not", "eq", "ne", "lt", "gt", "le", "ge", "true", "false", "null", "empty", "div",
            "mod", "instanceof");

    /** Durations such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 2d}, or ISO-8601 {@code PT30S}. */
    public static final String DURATION = "^(([0-9]+([mM][sS]|[sSmMhHdD]))+|P[0-9A-Za-z.,]+)$";

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
