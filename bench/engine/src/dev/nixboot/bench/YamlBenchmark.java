package dev.nixboot.bench;

import dev.nixboot.engine.api.CompiledPlaybook;
import dev.nixboot.engine.api.PlannedStep;
import dev.nixboot.engine.api.PlaybookEngine;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.RunOptions;
import dev.nixboot.engine.api.VariableInputs;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validates and plans a generated YAML playbook of {@code run.noop} steps through the public engine API, the way
 * {@code nixboot run --dry-run} does, and prints the same columns as {@link EngineBenchmark}.
 *
 * <p>Usage: {@code YamlBenchmark chain|fan SIZE REPEATS}
 */
public final class YamlBenchmark {
    private YamlBenchmark() {}

    public static void main(String[] args) throws Exception {
        String shape = args[0];
        int size = Integer.parseInt(args[1]);
        int repeats = Integer.parseInt(args[2]);
        Path directory = Files.createTempDirectory("nixboot-bench-yaml-");
        Path playbook = write(directory.resolve("generated.yaml"), shape, size);
        RunOptions options = new RunOptions(Runtime.getRuntime().availableProcessors(), false, false, null, Set.of(),
                Set.of(), Set.of(), directory.resolve(".nixboot"), directory, null);

        long[] times = new long[repeats + 1];
        long firstCpu = 0;
        for (int i = 0; i <= repeats; i++) {
            long cpuStart = EngineBenchmark.processCpuNanos();
            long start = System.nanoTime();
            PlaybookEngine engine = PlaybookEngine.create(List.of());
            List<PlannedStep> plan;
            try {
                CompiledPlaybook compiled = engine.compile(playbook, VariableInputs.none());
                plan = engine.plan(compiled, options);
            } catch (PlaybookException e) {
                e.problems().stream().limit(3).forEach(problem -> System.err.println(problem.message()));
                throw new IllegalStateException("the generated playbook does not validate", e);
            }
            times[i] = System.nanoTime() - start;
            if (i == 0) {
                firstCpu = EngineBenchmark.processCpuNanos() - cpuStart;
            }
            if (plan.size() != size) {
                throw new IllegalStateException("planned " + plan.size() + " steps of " + size);
            }
        }
        long[] warm = Arrays.copyOfRange(times, 1, times.length);
        Arrays.sort(warm);
        long median = warm.length == 0 ? times[0] : warm[warm.length / 2];
        System.out.printf(Locale.ROOT, "%s\t%d\t%s\t%.1f\t%.1f\t%.1f\t%s\t%.1f%n", shape, size,
                "yaml-validate+plan", times[0] / 1e6, median / 1e6, firstCpu / 1e6, "-",
                EngineBenchmark.peakRssKib() / 1024.0);
        Files.delete(playbook);
        Files.delete(directory);
    }

    private static Path write(Path file, String shape, int size) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("name: generated\nvars:\n  greeting:\n    type: string\n    default: hello\nsteps:\n");
            for (int i = 0; i < size; i++) {
                out.write("  - id: step_" + i + "\n    type: run.noop\n");
                if (shape.equals("fan")) {
                    out.write("    needs: []\n");
                }
                out.write("    with:\n      text: \"${{ greeting }} " + i + "\"\n");
            }
        }
        return file;
    }
}
