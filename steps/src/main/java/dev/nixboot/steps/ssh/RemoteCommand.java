package dev.nixboot.steps.ssh;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The command line sent to the remote login shell, and the bytes sent to its standard input.
 *
 * <p>Environment values never appear in the command line, where any user of the host could read them with
 * {@code ps}: a short fixed preamble reads {@code export} lines from standard input up to a random marker line and
 * evaluates them, then the command runs with the rest of the input. (OpenSSH's own environment passing only works for
 * names the server lists in {@code AcceptEnv}.)
 *
 * @param line what the remote shell runs
 * @param input what goes to its standard input before the user's {@code stdin}, possibly empty
 */
record RemoteCommand(String line, byte[] input) {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * @param argv the command as separate arguments, or null
     * @param script shell text, or null (exactly one of argv and script)
     * @param env variables for the command, values possibly secret
     * @param sudo whether to run it through {@code sudo -n} (no password prompt: it would need a terminal)
     */
    static RemoteCommand of(List<String> argv, String script, Map<String, String> env, boolean sudo) {
        String body = argv != null ? argv.stream().map(RemoteCommand::quote).collect(Collectors.joining(" ")) : script;
        StringBuilder input = new StringBuilder();
        if (!env.isEmpty()) {
            String marker = "NIXBOOT_ENV_END_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
            env.forEach((name, value) -> {
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("env: '" + name + "' is not a valid variable name");
                }
                input.append("export ")
                        .append(name)
                        .append('=')
                        .append(quote(value))
                        .append('\n');
            });
            input.append(marker).append('\n');
            body = "__nixboot_env=; while IFS= read -r __nixboot_line; do"
                    + " [ \"$__nixboot_line\" = " + marker + " ] && break;"
                    + " __nixboot_env=\"$__nixboot_env$__nixboot_line\n\"; done;"
                    + " eval \"$__nixboot_env\"; unset __nixboot_env __nixboot_line;\n" + body;
        }
        String line = sudo ? "sudo -n -- sh -c " + quote(body) : body;
        return new RemoteCommand(line, input.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** One argument for a POSIX shell: as is when harmless, else in single quotes. */
    static String quote(String argument) {
        if (!argument.isEmpty() && SAFE.matcher(argument).matches()) {
            return argument;
        }
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    /** How the command reads in plans and logs: the line without the preamble, the variables set in front of it. */
    static String display(List<String> argv, String script, Map<String, String> env, boolean sudo) {
        String body = argv != null ? argv.stream().map(RemoteCommand::quote).collect(Collectors.joining(" ")) : script;
        String names = env.entrySet().stream()
                .map(e -> e.getKey() + "=" + quote(e.getValue()))
                .collect(Collectors.joining(" "));
        return (sudo ? "sudo " : "") + (names.isEmpty() ? "" : names + " ") + body;
    }
}
