package dev.nixboot.steps.local;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes argument lists as a POSIX shell would need them, so a dry run shows a line one can paste and a generated
 * script runs exactly the arguments it was given.
 */
public final class ShellQuote {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-][A-Za-z0-9_@%+=:,./#-]*");

    // '#' starts a comment only at the beginning of a word, so a flake reference such as .#gusto needs no quotes.

    private ShellQuote() {}

    public static String join(List<String> arguments) {
        return arguments.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }

    public static String quote(String argument) {
        if (PLAIN.matcher(argument).matches()) {
            return argument;
        }
        return "'" + argument.replace("'", "'\\''") + "'";
    }
}
