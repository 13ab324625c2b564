package dev.nixboot.cli;

import dev.nixboot.cli.invocation.ExitCode;
import dev.nixboot.cli.invocation.Invocation;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;

/** The entry point: the one place that touches the process's console and exit status. */
public final class Main {
    /** How long Ctrl-C waits for running steps to stop and state to be saved before the JVM goes anyway. */
    private static final Duration CANCEL_LIMIT = Duration.ofSeconds(30);

    private Main() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** One command with the process's console; returns its exit code. */
    static int execute(String[] args) {
        Invocation invocation = Invocation.system();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (invocation.cancellation().cancelAndWait(CANCEL_LIMIT)) {
                                // SIGTERM (a CI job's timeout, systemd, kill) stops a run as Ctrl-C does, so it ends as
                                // Ctrl-C does:
                                // 130, interrupted, --resume continues, rather than the JVM's 143. The terminal's echo
                                // is restored
                                // by the JVM's own hook, which runs before this one.
                                System.out.flush();
                                System.err.flush();
                                Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
                            }
                        },
                        "nixboot-interrupt"));
        Charset charset = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, charset), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, charset), true);
        int code;
        try {
            code = Nixboot.execute(invocation, out, err, args);
        } catch (Error e) {
            // Exceptions are reported by the command line's handler; an Error (a broken jar, no memory) gets here.
            err.println("nixboot: internal error: " + e);
            if (List.of(args).contains("--debug")) {
                e.printStackTrace(err);
            }
            err.flush();
            code = ExitCode.STEP_FAILED;
        }
        return code;
    }
}
