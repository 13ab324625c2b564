import dev.nixboot.engine.state.FileTree;
import dev.nixboot.steps.ssh.testing.SshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Benchmark 2: mirroring a generated tree of 2,000 files (18 MiB, with .gitignore rules) to a loopback sshd, by
 * `rsync -a --delete --filter=':- .gitignore'` over ssh and by a one-step ssh.sync playbook run as a whole `nixboot run`
 * process, by `java -jar cli/target/nixboot.jar` and by the `./nixboot` launcher (newest JDK, AOT cache on JDK 25) —
 * each from the same starting state: a first copy, a re-sync with nothing changed, a re-sync after touching 10 files.
 * Wall and CPU time (user+system of the local processes; the remote side is sshd's) per run. The launcher and rsync
 * run back to back, in alternating order, and their ratio is also given round by round (steadier than a ratio of
 * medians when the machine's load drifts).
 *
 * Usage: java SshSyncBench [rounds]       (run from the repository root by bench/ssh/run.sh; prints a table)
 */
public final class SshSyncBench {
    private static final int FILES = 2000;
    private static final long BYTES = 18L * 1024 * 1024;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path jar = Path.of("cli/target/nixboot.jar").toAbsolutePath();
        Path launcher = Path.of("nixboot").toAbsolutePath();
        if (!Files.isRegularFile(jar) || !Files.isExecutable(launcher)) {
            throw new IllegalStateException("run from the repository root after building cli/target/nixboot.jar");
        }
        String loadBefore = Timing.loadAverage();
        try (SshServer server = SshServer.start()) {
            Path work = Files.createTempDirectory("nixboot-sync-bench-");
            Path source = work.resolve("source");
            long[] generated = generate(source);
            Path knownHosts = server.writeKnownHosts();
            String sshCommand = "ssh " + String.join(" ", server.sshOptions(knownHosts));
            Path byRsync = work.resolve("by-rsync");
            Path byJar = work.resolve("by-jar");
            Path byLauncher = work.resolve("by-launcher");
            List<String> rsync = List.of("rsync", "-a", "--delete", "--filter=:- .gitignore", "-e", sshCommand,
                    source + "/", server.user() + "@" + server.host() + ":" + byRsync + "/");
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> jarSync = List.of(java, "-jar", jar.toString(), "run",
                    playbook(server, work, source, byJar).toString());
            List<String> launcherSync = List.of(launcher.toString(), "run",
                    playbook(server, work, source, byLauncher).toString());
            Timing.run(List.of(launcher.toString(), "--version"), 1); // builds the launcher's AOT cache if needed

            String[] names = {"first copy", "no change", "10 files touched"};
            List<List<Timing.Sample>> rsyncTimes = samples();
            List<List<Timing.Sample>> jarTimes = samples();
            List<List<Timing.Sample>> launcherTimes = samples();
            Random random = new Random(7);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(source)) {
                files = walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/build/")).toList();
            }
            for (int round = 0; round < rounds; round++) {
                FileTree.delete(byRsync);
                FileTree.delete(byJar);
                FileTree.delete(byLauncher);
                for (int scenario = 0; scenario < 3; scenario++) {
                    if (scenario == 2) {
                        for (int i = 0; i < 10; i++) {
                            Files.setLastModifiedTime(files.get(random.nextInt(files.size())),
                                    FileTime.from(Instant.now().plusSeconds(round * 10L + i)));
                        }
                    }
                    // The launcher and rsync back to back, in alternating order: see the round-by-round ratios.
                    if (round % 2 == 0) {
                        launcherTimes.get(scenario).add(Timing.run(launcherSync, 1));
                        rsyncTimes.get(scenario).add(Timing.run(rsync, 1));
                    } else {
                        rsyncTimes.get(scenario).add(Timing.run(rsync, 1));
                        launcherTimes.get(scenario).add(Timing.run(launcherSync, 1));
                    }
                    jarTimes.get(scenario).add(Timing.run(jarSync, 1));
                }
            }
            String expected = snapshot(byRsync);
            if (!expected.equals(snapshot(byJar)) || !expected.equals(snapshot(byLauncher))) {
                throw new IllegalStateException("rsync and ssh.sync produced different trees");
            }

            System.out.printf("%nBenchmark 2: mirror %d files (%.1f MiB, %d excluded by .gitignore) to a loopback sshd,"
                    + " whole processes, median of %d rounds; java -jar on JVM %s; load average %s before, %s after"
                    + "%n%n", generated[0], generated[1] / 1048576.0, generated[2], rounds,
                    System.getProperty("java.version"), loadBefore, Timing.loadAverage());
            System.out.printf("| %-16s | %18s | %26s | %26s |%n", "scenario", "rsync+ssh ms (CPU)",
                    "nixboot run, java -jar", "./nixboot run (launcher)");
            System.out.printf("|%s|%s|%s|%s|%n", "-".repeat(18), "-".repeat(20), "-".repeat(28), "-".repeat(28));
            for (int s = 0; s < 3; s++) {
                double r = Timing.medianWall(rsyncTimes.get(s));
                System.out.printf("| %-16s | %18s | %26s | %26s |%n", names[s],
                        String.format("%.0f (%.0f)", r, Timing.medianCpu(rsyncTimes.get(s))),
                        cell(jarTimes.get(s), r), cell(launcherTimes.get(s), r));
            }
            System.out.println();
            for (int s = 0; s < 3; s++) {
                System.out.println(names[s] + " raw wall ms: rsync " + Timing.walls(rsyncTimes.get(s)) + ", java -jar "
                        + Timing.walls(jarTimes.get(s)) + ", launcher " + Timing.walls(launcherTimes.get(s)));
            }
            for (int s = 0; s < 3; s++) {
                System.out.println(names[s] + ", launcher / rsync round by round (run back to back): "
                        + Timing.paired(launcherTimes.get(s), rsyncTimes.get(s), 1));
            }
            System.out.println("trees produced by all three: equal");
            FileTree.delete(work);
        }
    }

    /** {@code wall (CPU) ratio-to-rsync}. */
    private static String cell(List<Timing.Sample> samples, double rsyncWall) {
        double wall = Timing.medianWall(samples);
        return String.format("%.0f (%.0f) %.2fx", wall, Timing.medianCpu(samples), wall / rsyncWall);
    }

    private static List<List<Timing.Sample>> samples() {
        return List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    /** A one-step playbook that mirrors source to destination on the server, its host key pinned. */
    private static Path playbook(SshServer server, Path work, Path source, Path destination) throws IOException {
        String yaml = "name: benchmark 2\nsteps:\n  - id: sync\n    type: ssh.sync\n    with:\n"
                + "      host: " + server.host() + "\n"
                + "      port: " + server.port() + "\n"
                + "      user: " + server.user() + "\n"
                + "      identity_file: " + server.clientIdentity() + "\n"
                + "      host_key: \"" + server.hostKey() + "\"\n"
                + "      source: " + source + "\n"
                + "      destination: " + destination + "\n";
        Path file = work.resolve(destination.getFileName() + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** Files, bytes and excluded files of a deterministic tree: text-ish small files, some large, ignored ones. */
    private static long[] generate(Path root) throws IOException {
        Random random = new Random(42);
        Files.createDirectories(root);
        Files.writeString(root.resolve(".gitignore"), "*.log\nbuild/\n*.tmp\n");
        long bytes = 0;
        int excluded = 0;
        int count = 1;
        int large = 0;
        while (count < FILES) {
            String directory = "d" + random.nextInt(40) + "/s" + random.nextInt(4);
            int kind = random.nextInt(100);
            String name;
            if (kind < 3) {
                name = "build/out" + count + ".o";
                excluded++;
            } else if (kind < 6) {
                name = directory + "/trace" + count + ".log";
                excluded++;
            } else {
                name = directory + "/file" + count + (kind < 60 ? ".nix" : ".txt");
            }
            int size = large < 12 && kind > 97 ? 900_000 + random.nextInt(200_000) : 1000 + random.nextInt(6000);
            if (size > 100_000) {
                large++;
            }
            byte[] content = new byte[size];
            random.nextBytes(content);
            Path file = root.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            bytes += size;
            count++;
        }
        // top up to the target size with one last file
        if (bytes < BYTES) {
            byte[] rest = new byte[(int) (BYTES - bytes)];
            random.nextBytes(rest);
            Files.write(root.resolve("d0/blob.bin"), rest);
            bytes = BYTES;
        }
        return new long[] {count, bytes, excluded};
    }

    private static String snapshot(Path root) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted().toList()) {
                text.append(root.relativize(path)).append(' ').append(Files.isDirectory(path) ? "d"
                        : Files.size(path) + "@" + Files.getLastModifiedTime(path).toMillis() / 1000).append('\n');
            }
        }
        return text.toString();
    }
}
