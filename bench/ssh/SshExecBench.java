import com.sun.management.OperatingSystemMXBean;
import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.ssh.SshExecParameters;
import dev.nixboot.steps.ssh.SshExecStep;
import dev.nixboot.steps.ssh.client.ConnectionParameters;
import dev.nixboot.steps.ssh.client.NoDelaySocketFactory;
import dev.nixboot.steps.ssh.testing.SshServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * Benchmark 1: 100 sequential remote `true` commands on one host, against one sshd on loopback whose sessions all run
 * the same shell (bash without rc files, see SshServer): nixboot's ssh.exec steps on one shared connection inside this
 * JVM, and the same commands straight through SSHJ (the library's floor); whole `nixboot run` processes of a 100-step playbook, by `java -jar cli/target/nixboot.jar` and by the
 * `./nixboot` launcher (newest JDK, AOT cache on JDK 25); 100 `ssh` processes multiplexed over a ControlMaster; fresh
 * `ssh` processes (20 a round, at ~0.25 s each, scaled to 100). CPU is user+system of the processes (for in-process
 * steps: of this JVM while they ran). The launcher's run and the multiplexed loop run back to back in each round, in
 * alternating order, and their ratio is also given round by round: the machine's load drifts over minutes, so a
 * ratio of two runs a second apart is steadier than a ratio of medians taken minutes apart.
 *
 * Usage: java SshExecBench [rounds]       (run from the repository root by bench/ssh/run.sh; prints a table)
 */
public final class SshExecBench {
    private static final int COMMANDS = 100;
    private static final int FRESH_COMMANDS = 20;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path jar = Path.of("cli/target/nixboot.jar").toAbsolutePath();
        Path launcher = Path.of("nixboot").toAbsolutePath();
        if (!Files.isRegularFile(jar) || !Files.isExecutable(launcher)) {
            throw new IllegalStateException("run from the repository root after building cli/target/nixboot.jar");
        }
        String loadBefore = Timing.loadAverage();
        try (SshServer server = SshServer.start()) {
            Path knownHosts = server.writeKnownHosts();
            List<String> ssh = new ArrayList<>(List.of("ssh"));
            ssh.addAll(server.sshOptions(knownHosts));
            Path control = server.directory().resolve("cm.sock");
            List<String> master = new ArrayList<>(ssh);
            master.addAll(List.of("-o", "ControlMaster=yes", "-o", "ControlPath=" + control, "-o",
                    "ControlPersist=yes", "-fN", server.user() + "@" + server.host()));
            Timing.run(master, 1);
            List<String> muxed = new ArrayList<>(ssh);
            muxed.addAll(List.of("-o", "ControlMaster=no", "-o", "ControlPath=" + control,
                    server.user() + "@" + server.host(), "true"));
            List<String> fresh = new ArrayList<>(ssh);
            fresh.addAll(List.of(server.user() + "@" + server.host(), "true"));
            Path playbook = playbook(server);
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> byJar = List.of(java, "-jar", jar.toString(), "run", playbook.toString());
            List<String> byLauncher = List.of(launcher.toString(), "run", playbook.toString());
            Timing.run(byLauncher, 1); // builds the launcher's AOT cache if the jar changed

            List<Timing.Sample> steps = new ArrayList<>();
            List<Timing.Sample> library = new ArrayList<>();
            List<Timing.Sample> connect = new ArrayList<>();
            List<Timing.Sample> jarRuns = new ArrayList<>();
            List<Timing.Sample> launcherRuns = new ArrayList<>();
            List<Timing.Sample> muxRuns = new ArrayList<>();
            List<Timing.Sample> freshRuns = new ArrayList<>();
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            for (int round = 0; round < rounds; round++) {
                try (StepTestKit kit = ThisProcess.testKit().environment("SSH_AUTH_SOCK", "")) {
                    SshExecParameters parameters = parameters(server.host(), server.port(), server.user(),
                            server.clientIdentity().toString(), knownHosts.toString());
                    long c0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    check(kit.execute(new SshExecStep(), parameters));
                    long c1 = os.getProcessCpuTime();
                    long t1 = System.nanoTime();
                    for (int i = 0; i < COMMANDS; i++) {
                        check(kit.execute(new SshExecStep(), parameters));
                    }
                    long c2 = os.getProcessCpuTime();
                    long t2 = System.nanoTime();
                    connect.add(new Timing.Sample((t1 - t0) / 1e6, (c1 - c0) / 1e6));
                    steps.add(new Timing.Sample((t2 - t1) / 1e6 / COMMANDS, (c2 - c1) / 1e6 / COMMANDS));
                }
                library.add(sshjAlone(server, os));
                jarRuns.add(Timing.run(byJar, 1));
                if (round % 2 == 0) {
                    launcherRuns.add(Timing.run(byLauncher, 1));
                    muxRuns.add(Timing.run(muxed, COMMANDS));
                } else {
                    muxRuns.add(Timing.run(muxed, COMMANDS));
                    launcherRuns.add(Timing.run(byLauncher, 1));
                }
                freshRuns.add(Timing.run(fresh, FRESH_COMMANDS));
            }
            List<String> exit = new ArrayList<>(ssh);
            exit.addAll(List.of("-o", "ControlPath=" + control, "-O", "exit", server.user() + "@" + server.host()));
            Timing.run(exit, 1);

            double mux = Timing.medianWall(muxRuns) * COMMANDS;
            System.out.printf("%nBenchmark 1: %d sequential remote `true`, one loopback sshd, same shell; median of %d"
                    + " rounds; JVM of in-process steps and java -jar: %s; load average %s before, %s after%n%n",
                    COMMANDS, rounds, System.getProperty("java.version"), loadBefore, Timing.loadAverage());
            System.out.printf("| %-62s | %9s | %8s | %9s | %10s |%n", "what", "total ms", "CPU ms", "ms/cmd",
                    "vs mux ssh");
            System.out.printf("|%s|%s|%s|%s|%s|%n", "-".repeat(64), "-".repeat(11), "-".repeat(10), "-".repeat(11),
                    "-".repeat(12));
            row("ssh.exec steps, warm shared connection (in-process)", steps, COMMANDS, mux);
            row("SSHJ alone: a session per command, TCP_NODELAY (in-process)", library, COMMANDS, mux);
            row("`nixboot run`, 100 ssh.exec steps (java -jar, whole process)", jarRuns, 1, mux);
            row("`./nixboot run`, 100 ssh.exec steps (launcher, whole process)", launcherRuns, 1, mux);
            row("ssh, ControlMaster-multiplexed (ssh -S), 100 processes", muxRuns, COMMANDS, mux);
            row("ssh, a fresh connection each (20 a round, scaled to 100)", freshRuns, COMMANDS, mux);
            System.out.printf("%nfirst ssh.exec step in a warm JVM (connect + kex + auth): %.1f ms wall, %.1f ms CPU%n",
                    Timing.medianWall(connect), Timing.medianCpu(connect));
            System.out.println("launcher / multiplexed ssh, round by round (run back to back): "
                    + Timing.paired(launcherRuns, muxRuns, COMMANDS));
            System.out.println("raw wall ms: steps/cmd " + Timing.walls(steps) + ", java -jar " + Timing.walls(jarRuns)
                    + ", launcher " + Timing.walls(launcherRuns) + ", mux/cmd " + Timing.walls(muxRuns)
                    + ", fresh/cmd " + Timing.walls(freshRuns));
        }
    }

    /**
     * The floor under ssh.exec: the same commands straight through SSHJ on one connected client (TCP_NODELAY, as
     * nixboot's connections have it), a session each, waiting for the exit status; no engine, no step.
     */
    private static Timing.Sample sshjAlone(SshServer server, OperatingSystemMXBean os) throws IOException {
        try (SSHClient client = new SSHClient()) {
            client.setSocketFactory(new NoDelaySocketFactory());
            client.addHostKeyVerifier(server.hostKeyFingerprint());
            client.connect(server.host(), server.port());
            client.authPublickey(server.user(), server.clientIdentity().toString());
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < COMMANDS; i++) {
                try (Session session = client.startSession()) {
                    Session.Command command = session.exec("true");
                    command.join();
                    if (command.getExitStatus() == null || command.getExitStatus() != 0) {
                        throw new IllegalStateException("true failed: " + command.getExitStatus());
                    }
                }
            }
            return new Timing.Sample((System.nanoTime() - t0) / 1e6 / COMMANDS,
                    (os.getProcessCpuTime() - c0) / 1e6 / COMMANDS);
        }
    }

    /** A playbook of 100 ssh.exec steps, each after the one before, with the server's host key pinned. */
    private static Path playbook(SshServer server) throws IOException {
        StringBuilder yaml = new StringBuilder("name: benchmark 1\nsteps:\n");
        for (int i = 1; i <= COMMANDS; i++) {
            yaml.append("  - id: true").append(i).append("\n    type: ssh.exec\n    with:\n")
                    .append("      host: ").append(server.host()).append('\n')
                    .append("      port: ").append(server.port()).append('\n')
                    .append("      user: ").append(server.user()).append('\n')
                    .append("      identity_file: ").append(server.clientIdentity()).append('\n')
                    .append("      host_key: \"").append(server.hostKey()).append("\"\n")
                    .append("      command: [\"true\"]\n");
        }
        Path file = server.directory().resolve("exec-100.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** One table row: medians per command, ratio of wall time against the multiplexed ssh loop. */
    private static void row(String what, List<Timing.Sample> samples, int perSample, double muxTotal) {
        double total = Timing.medianWall(samples) * perSample;
        double cpu = Timing.medianCpu(samples) * perSample;
        System.out.printf("| %-62s | %9.0f | %8.0f | %9.2f | %9.2fx |%n", what, total, cpu, total / COMMANDS,
                total / muxTotal);
    }

    private static SshExecParameters parameters(String host, int port, String user, String key, String knownHosts) {
        return new SshExecParameters(new ConnectionParameters(host, port, user, key, knownHosts, null, false, null,
                null), false, List.of("true"), null, false, null, Map.of(), false, null, List.of(0));
    }

    private static void check(StepResult result) {
        if (!result.succeeded()) {
            throw new IllegalStateException("step failed", result.failure());
        }
    }
}
