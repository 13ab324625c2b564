package dev.nixboot.bench;

import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.PlannedStep;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunOptions;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.model.CompiledPlaybookModel;
import dev.nixboot.engine.plan.Planner;
import dev.nixboot.engine.run.Runner;
import dev.nixboot.engine.state.FileTree;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Plans or runs a generated playbook of no-op steps and prints one tab-separated line: shape, size, phase, the
 * first (cold) wall time, the median wall time of the warm repetitions, the CPU time of the first, the peak heap
 * during the phase and the peak RSS of the process. One JVM per case, so the first time is what a user's single
 * invocation costs.
 *
 * <p>Usage: {@code EngineBenchmark chain|fan SIZE plan|run REPEATS}
 */
public final class EngineBenchmark {
    private EngineBenchmark() {}

    public static void main(String[] args) throws Exception {
        String shape = args[0];
        int size = Integer.parseInt(args[1]);
        String phase = args[2];
        int repeats = Integer.parseInt(args[3]);
        CompiledPlaybookModel playbook = new GeneratedPlaybook(shape, size);
        int parallelism = Runtime.getRuntime().availableProcessors();

        resetHeapPeak();
        long[] times = new long[repeats + 1];
        long firstCpu = 0;
        for (int i = 0; i <= repeats; i++) {
            long cpuStart = processCpuNanos();
            Path state = Files.createTempDirectory("nixboot-bench-state-");
            RunOptions options = new RunOptions(parallelism, false, false, null, Set.of(), Set.of(), Set.of(),
                    state, state, null);
            long start = System.nanoTime();
            if (phase.equals("plan")) {
                List<PlannedStep> plan = new Planner(ThisProcess.host()).plan(playbook, options);
                check(plan.size() == size, "planned " + plan.size() + " steps of " + size);
            } else {
                RunSummary summary = new Runner(ThisProcess.host(), playbook, options, new RunListener() {}).run();
                check(summary.exitCode() == 0 && summary.steps().size() == size, "run ended " + summary.exitCode());
            }
            times[i] = System.nanoTime() - start;
            if (i == 0) {
                firstCpu = processCpuNanos() - cpuStart;
            }
            FileTree.delete(state);
        }
        long heapPeak = heapPeak();
        long[] warm = Arrays.copyOfRange(times, 1, times.length);
        Arrays.sort(warm);
        long median = warm.length == 0 ? times[0] : warm[warm.length / 2];
        System.out.printf(Locale.ROOT, "%s\t%d\t%s\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f%n", shape, size, phase,
                times[0] / 1e6, median / 1e6, firstCpu / 1e6, heapPeak / 1048576.0, peakRssKib() / 1024.0);
    }

    /**
     * CPU time of the whole process (workers, JIT, GC): less disturbed than wall time when other jobs share the
     * two cores.
     */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static void resetHeapPeak() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long heapPeak() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** The process's peak resident set in KiB (VmHWM), or 0 where /proc is missing. */
    static long peakRssKib() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
