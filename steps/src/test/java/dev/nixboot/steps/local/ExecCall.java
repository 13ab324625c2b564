package dev.nixboot.steps.local;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An {@code exec} step's parameters as a test writes them: a command, then what the test sets, every other parameter
 * as a playbook that leaves it out gets it.
 */
record ExecCall(
        List<String> argv,
        String script,
        String cwd,
        Map<String, String> env,
        String stdin,
        Duration timeout,
        List<Integer> okCodes) {

    /** The exit codes a playbook that leaves out ok_codes gets (ExecParameters' @DefaultValue). */
    private static final List<Integer> DEFAULT_OK_CODES = List.of(0);

    static ExecCall argv(String... argv) {
        return new ExecCall(List.of(argv), null, null, Map.of(), null, null, DEFAULT_OK_CODES);
    }

    /** Runs this script with {@code sh -c}. */
    static ExecCall script(String script) {
        return new ExecCall(null, script, null, Map.of(), null, null, DEFAULT_OK_CODES);
    }

    ExecCall withCwd(String directory) {
        return new ExecCall(argv, script, directory, env, stdin, timeout, okCodes);
    }

    ExecCall withEnv(Map<String, String> variables) {
        return new ExecCall(argv, script, cwd, variables, stdin, timeout, okCodes);
    }

    ExecCall withStdin(String input) {
        return new ExecCall(argv, script, cwd, env, input, timeout, okCodes);
    }

    ExecCall withTimeout(Duration duration) {
        return new ExecCall(argv, script, cwd, env, stdin, duration, okCodes);
    }

    ExecCall withOkCodes(Integer... codes) {
        return new ExecCall(argv, script, cwd, env, stdin, timeout, List.of(codes));
    }

    ExecParameters parameters() {
        return new ExecParameters(argv, script, cwd, env, stdin, timeout, okCodes);
    }
}
