import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.ssh.SshExecParameters;
import dev.nixboot.steps.ssh.SshExecStep;
import dev.nixboot.steps.ssh.testing.SshServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 1: 100 sequential remote `true` commands on one host, three ways, against one sshd on loopback whose
 * sessions all run the same shell (bash without rc files, see SshServer): nixboot's ssh.exec steps on one shared
 * connection, 100 fresh `ssh` processes, and 100 `ssh` processes multiplexed over a ControlMaster.
 *
 * Usage: java SshExecBench [rounds]       (prints a table; run by bench/ssh/run.sh)
 *        java SshExecBench steps HOST PORT USER KEY KNOWN_HOSTS COUNT   (one whole run in this process)
 */
public final class SshExecBench {
    private static final int COMMANDS = 100;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("steps")) {
            System.exit(steps(args[1], Integer.parseInt(args[2]), args[3], args[4], args[5],
                    Integer.parseInt(args[6])) ? 0 : 1);
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (SshServer server = SshServer.start()) {
            Path knownHosts = server.writeKnownHosts();
            List<String> ssh = new ArrayList<>(List.of("ssh"));
            ssh.addAll(server.sshOptions(knownHosts));
            Path control = server.directory().resolve("cm.sock");
            List<String> master = new ArrayList<>(ssh);
            master.addAll(List.of("-o", "ControlMaster=yes", "-o", "ControlPath=" + control, "-o",
                    "ControlPersist=yes", "-fN", server.user() + "@" + server.host()));
            run(master);
            List<String> muxed = new ArrayList<>(ssh);
            muxed.addAll(List.of("-o", "ControlMaster=no", "-o", "ControlPath=" + control,
                    server.user() + "@" + server.host(), "true"));
            List<String> fresh = new ArrayList<>(ssh);
            fresh.addAll(List.of(server.user() + "@" + server.host(), "true"));
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> wholeRun = List.of(java, "-cp", System.getProperty("java.class.path"),
                    "SshExecBench", "steps", server.host(), Integer.toString(server.port()), server.user(),
                    server.clientIdentity().toString(), knownHosts.toString(), Integer.toString(COMMANDS));

            double[] perStep = new double[rounds];
            double[] connect = new double[rounds];
            double[] whole = new double[rounds];
            double[] freshSsh = new double[rounds];
            double[] muxSsh = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                try (StepTestKit kit = StepTestKit.create().environment("SSH_AUTH_SOCK", "")) {
                    SshExecParameters parameters = parameters(server.host(), server.port(), server.user(),
                            server.clientIdentity().toString(), knownHosts.toString());
                    long t0 = System.nanoTime();
                    check(kit.execute(new SshExecStep(), parameters));
                    long t1 = System.nanoTime();
                    for (int i = 0; i < COMMANDS; i++) {
                        check(kit.execute(new SshExecStep(), parameters));
                    }
                    long t2 = System.nanoTime();
                    connect[round] = (t1 - t0) / 1e6;
                    perStep[round] = (t2 - t1) / 1e6 / COMMANDS;
                }
                whole[round] = time(wholeRun, 1);
                freshSsh[round] = time(fresh, COMMANDS);
                muxSsh[round] = time(muxed, COMMANDS);
            }
            List<String> exit = new ArrayList<>(ssh);
            exit.addAll(List.of("-o", "ControlPath=" + control, "-O", "exit", server.user() + "@" + server.host()));
            run(exit);

            double mux = median(muxSsh);
            System.out.printf("%nBenchmark 1: %d sequential remote `true`, one loopback sshd, same shell; median of %d"
                    + " rounds (JVM %s)%n%n", COMMANDS, rounds, System.getProperty("java.version"));
            System.out.printf("| %-52s | %10s | %9s | %12s |%n", "what", "total ms", "ms/cmd", "vs mux ssh");
            System.out.printf("|%s|%s|%s|%s|%n", "-".repeat(54), "-".repeat(12), "-".repeat(11), "-".repeat(14));
            row("ssh.exec steps, warm shared connection (in-process)", median(perStep) * COMMANDS, mux);
            row("ssh.exec: first step (JVM warm: connect+kex+auth)", median(connect), mux * COMMANDS);
            row("ssh.exec: whole process (JVM start+connect+100)", median(whole), mux);
            row("ssh, ControlMaster-multiplexed (ssh -S)", mux * COMMANDS, mux);
            row("ssh, fresh connection each", median(freshSsh) * COMMANDS, mux);
            System.out.println();
            System.out.println("raw per-command ms: steps " + Arrays.toString(round(perStep)) + ", mux "
                    + Arrays.toString(round(muxSsh)) + ", fresh " + Arrays.toString(round(freshSsh))
                    + ", whole-process total " + Arrays.toString(round(whole)));
        }
    }

    private static void row(String what, double totalMillis, double muxPerCommand) {
        double perCommand = what.contains("first step") ? totalMillis : totalMillis / COMMANDS;
        String ratio = what.contains("first step") ? "-" : String.format("%.2fx", perCommand / muxPerCommand);
        System.out.printf("| %-52s | %10.1f | %9.2f | %12s |%n", what, totalMillis, perCommand, ratio);
    }

    private static boolean steps(String host, int port, String user, String key, String knownHosts, int count) {
        try (StepTestKit kit = StepTestKit.create().environment("SSH_AUTH_SOCK", "")) {
            SshExecParameters parameters = parameters(host, port, user, key, knownHosts);
            for (int i = 0; i < count; i++) {
                check(kit.execute(new SshExecStep(), parameters));
            }
            return true;
        }
    }

    private static SshExecParameters parameters(String host, int port, String user, String key, String knownHosts) {
        return new SshExecParameters(host, port, user, key, knownHosts, null, false, false, null, List.of("true"),
                null, false, null, Map.of(), false, null, null);
    }

    private static void check(StepResult result) {
        if (!result.succeeded()) {
            throw new IllegalStateException("step failed", result.failure());
        }
    }

    /** Milliseconds per run of the command, run {@code times} times in a row. */
    private static double time(List<String> command, int times) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < times; i++) {
            run(command);
        }
        return (System.nanoTime() - start) / 1e6 / times;
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double[] round(double[] values) {
        return Arrays.stream(values).map(v -> Math.round(v * 100) / 100.0).toArray();
    }

    static boolean exists(Path path) {
        return Files.exists(path);
    }
}
