import dev.nixboot.engine.testkit.StepResult;
import dev.nixboot.engine.testkit.StepTestKit;
import dev.nixboot.steps.ssh.sync.SshSyncParameters;
import dev.nixboot.steps.ssh.sync.SshSyncStep;
import dev.nixboot.steps.ssh.testing.SshServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Benchmark 2: mirroring a generated tree of 2,000 files (18 MiB, with .gitignore rules) to a loopback sshd, by
 * `rsync -a --delete --filter=':- .gitignore'` over ssh and by nixboot's ssh.sync in a fresh JVM — whole processes
 * timed, each from the same starting state: a first copy, a re-sync with nothing changed, a re-sync after touching 10
 * files.
 *
 * Usage: java SshSyncBench [rounds]
 *        java SshSyncBench sync HOST PORT USER KEY KNOWN_HOSTS SOURCE DESTINATION   (one sync in this process)
 */
public final class SshSyncBench {
    private static final int FILES = 2000;
    private static final long BYTES = 18L * 1024 * 1024;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("sync")) {
            try (StepTestKit kit = StepTestKit.create().environment("SSH_AUTH_SOCK", "")) {
                StepResult result = kit.execute(new SshSyncStep(), new SshSyncParameters(args[1],
                        Integer.parseInt(args[2]), args[3], args[4], args[5], null, false, args[6], args[7], true,
                        true));
                if (!result.succeeded()) {
                    result.failure().printStackTrace();
                    System.exit(1);
                }
            }
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        try (SshServer server = SshServer.start()) {
            Path work = Files.createTempDirectory("nixboot-sync-bench-");
            Path source = work.resolve("source");
            long[] generated = generate(source);
            Path knownHosts = server.writeKnownHosts();
            String sshCommand = "ssh " + String.join(" ", server.sshOptions(knownHosts));
            Path byRsync = work.resolve("by-rsync");
            Path bySync = work.resolve("by-sync");
            List<String> rsync = List.of("rsync", "-a", "--delete", "--filter=:- .gitignore", "-e", sshCommand,
                    source + "/", server.user() + "@" + server.host() + ":" + byRsync + "/");
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> sync = new ArrayList<>(List.of(java));
            String options = System.getenv().getOrDefault("NIXBOOT_JAVA_OPTS", "");
            if (!options.isBlank()) {
                sync.addAll(List.of(options.trim().split("\\s+")));
            }
            sync.addAll(List.of("-cp", System.getProperty("java.class.path"), "SshSyncBench", "sync",
                    server.host(), Integer.toString(server.port()), server.user(),
                    server.clientIdentity().toString(), knownHosts.toString(), source.toString(), bySync.toString()));

            String[] names = {"first copy", "no change", "10 files touched"};
            double[][] rsyncTimes = new double[3][rounds];
            double[][] syncTimes = new double[3][rounds];
            Random random = new Random(7);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(source)) {
                files = walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/build/")).toList();
            }
            for (int round = 0; round < rounds; round++) {
                deleteTree(byRsync);
                deleteTree(bySync);
                rsyncTimes[0][round] = time(rsync);
                syncTimes[0][round] = time(sync);
                rsyncTimes[1][round] = time(rsync);
                syncTimes[1][round] = time(sync);
                for (int i = 0; i < 10; i++) {
                    Files.setLastModifiedTime(files.get(random.nextInt(files.size())),
                            FileTime.from(Instant.now().plusSeconds(round * 10L + i)));
                }
                rsyncTimes[2][round] = time(rsync);
                syncTimes[2][round] = time(sync);
            }
            if (!snapshot(byRsync).equals(snapshot(bySync))) {
                throw new IllegalStateException("rsync and ssh.sync produced different trees");
            }

            System.out.printf("%nBenchmark 2: mirror %d files (%.1f MiB, %d excluded by .gitignore) to a loopback sshd,"
                    + " whole processes, median of %d rounds (JVM %s%s)%n%n", generated[0], generated[1] / 1048576.0,
                    generated[2], rounds, System.getProperty("java.version"),
                    options.isBlank() ? "" : ", " + options.trim());
            System.out.printf("| %-18s | %14s | %16s | %13s |%n", "scenario", "rsync+ssh ms", "ssh.sync JVM ms",
                    "sync / rsync");
            System.out.printf("|%s|%s|%s|%s|%n", "-".repeat(20), "-".repeat(16), "-".repeat(18), "-".repeat(15));
            for (int s = 0; s < 3; s++) {
                double r = median(rsyncTimes[s]);
                double n = median(syncTimes[s]);
                System.out.printf("| %-18s | %14.0f | %16.0f | %12.2fx |%n", names[s], r, n, n / r);
            }
            System.out.println();
            for (int s = 0; s < 3; s++) {
                System.out.println(names[s] + " raw ms: rsync " + Arrays.toString(rsyncTimes[s]) + ", ssh.sync "
                        + Arrays.toString(syncTimes[s]));
            }
            System.out.println("trees produced by both: equal");
            deleteTree(work);
        }
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

    private static double time(List<String> command) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
        return Math.round((System.nanoTime() - start) / 1e5) / 10.0;
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

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
