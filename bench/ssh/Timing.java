import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times whole processes, wall clock and CPU: each measured command runs {@code times} times in a row under one bash,
 * whose {@code times} builtin then reports the user and system CPU of all its children. Output goes to a log file,
 * shown when a command fails.
 */
final class Timing {
    /** Wall and CPU milliseconds of one measurement (per command where a count was given). */
    record Sample(double wall, double cpu) {}

    private static final String LOOP = "log=$1; n=$2; shift 2; for ((i = 0; i < n; i++)); do"
            + " \"$@\" </dev/null >>\"$log\" 2>&1 || exit 1; done; times";
    private static final Pattern TIME = Pattern.compile("(\\d+)m([\\d.]+)s");

    private Timing() {}

    /** Runs the command {@code count} times in a row; wall and CPU per run. SSH_AUTH_SOCK is unset (no agent). */
    static Sample run(List<String> command, int count) throws IOException, InterruptedException {
        Path log = Files.createTempFile("nixboot-bench-", ".log");
        try {
            List<String> argv = new ArrayList<>(List.of("bash", "-c", LOOP, "bash", log.toString(),
                    Integer.toString(count)));
            argv.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
            builder.environment().remove("SSH_AUTH_SOCK");
            long start = System.nanoTime();
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            double wall = (System.nanoTime() - start) / 1e6;
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(log));
            }
            // times prints the shell's own user/system time, then its children's
            String[] lines = out.strip().split("\n");
            Matcher m = TIME.matcher(lines[lines.length - 1]);
            double cpu = 0;
            while (m.find()) {
                cpu += (Long.parseLong(m.group(1)) * 60 + Double.parseDouble(m.group(2))) * 1000;
            }
            return new Sample(wall / count, cpu / count);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static double medianWall(List<Sample> samples) {
        return median(samples.stream().mapToDouble(Sample::wall).toArray());
    }

    static double medianCpu(List<Sample> samples) {
        return median(samples.stream().mapToDouble(Sample::cpu).toArray());
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * Round by round, the wall time of each run over its baseline run of the same round (the two ran back to back),
     * and their median: {@code [1.21, 0.87, 0.88], median 0.88x}. A baseline sample counts {@code baselineScale}
     * times (a per-command sample of a loop).
     */
    static String paired(List<Sample> runs, List<Sample> baselines, double baselineScale) {
        double[] ratios = new double[runs.size()];
        for (int round = 0; round < ratios.length; round++) {
            ratios[round] = runs.get(round).wall() / (baselines.get(round).wall() * baselineScale);
        }
        List<String> each = Arrays.stream(ratios).mapToObj(r -> String.format("%.2f", r)).toList();
        return String.format("%s, median %.2fx", each, median(ratios));
    }

    static String walls(List<Sample> samples) {
        return samples.stream().map(s -> String.format("%.0f", s.wall())).toList().toString();
    }
}
