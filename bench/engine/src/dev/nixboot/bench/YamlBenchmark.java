package dev.nixboot.bench;

import dev.nixboot.engine.Engines;
import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.CompiledPlaybook;
import dev.nixboot.engine.api.PlannedStep;
import dev.nixboot.engine.api.PlaybookEngine;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunOptions;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.state.FileTree;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validates and plans (or validates and runs) a generated YAML playbook of {@code run.noop} steps through the public
 * engine API, the way {@code nixboot run --dry-run} (or {@code nixboot run}) does, and prints the same columns as
 * {@link EngineBenchmark}. Each repetition starts from the file: a new engine, compile, then plan or run.
 *
 * <p>Usage: {@code YamlBenchmark chain|fan SIZE REPEATS [plan|run]}, or {@code YamlBenchmark write chain|fan SIZE FILE}
 * to write the same playbook for a run of the {@code nixboot} command.
 */
public final class YamlBenchmark {
    private YamlBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("write")) {
            write(Path.of(args[3]), args[1], Integer.parseInt(args[2]));
            return;
        }
        String shape = args[0];
        int size = Integer.parseInt(args[1]);
        int repeats = Integer.parseInt(args[2]);
        boolean run = args.length > 3 && args[3].equals("run");
        Path directory = Files.createTempDirectory("nixboot-bench-yaml-");
        Path playbook = write(directory.resolve("generated.yaml"), shape, size);

        long[] times = new long[repeats + 1];
        long firstCpu = 0;
        for (int i = 0; i <= repeats; i++) {
            // A fresh state directory each time, so every run starts from nothing, as a first run does.
            Path state = directory.resolve(".nixboot-" + i);
            RunOptions options = new RunOptions(Runtime.getRuntime().availableProcessors(), false, false, null,
                    Set.of(), Set.of(), Set.of(), state, directory, null);
            long cpuStart = EngineBenchmark.processCpuNanos();
            long start = System.nanoTime();
            PlaybookEngine engine = Engines.create(ThisProcess.host(), List.of());
            int done;
            try {
                CompiledPlaybook compiled = engine.compile(playbook, VariableInputs.none());
                if (run) {
                    RunSummary summary = engine.run(compiled, options, new RunListener() {});
                    if (summary.exitCode() != 0) {
                        throw new IllegalStateException("the run ended " + summary.exitCode());
                    }
                    done = summary.steps().size();
                } else {
                    List<PlannedStep> plan = engine.plan(compiled, options);
                    done = plan.size();
                }
            } catch (PlaybookException e) {
                e.problems().stream().limit(3).forEach(problem -> System.err.println(problem.message()));
                throw new IllegalStateException("the generated playbook does not validate", e);
            }
            times[i] = System.nanoTime() - start;
            if (i == 0) {
                firstCpu = EngineBenchmark.processCpuNanos() - cpuStart;
            }
            if (done != size) {
                throw new IllegalStateException((run ? "ran " : "planned ") + done + " steps of " + size);
            }
            FileTree.delete(state);
        }
        long[] warm = Arrays.copyOfRange(times, 1, times.length);
        Arrays.sort(warm);
        long median = warm.length == 0 ? times[0] : warm[warm.length / 2];
        System.out.printf(Locale.ROOT, "%s\t%d\t%s\t%.1f\t%.1f\t%.1f\t%s\t%.1f%n", shape, size,
                run ? "yaml-validate+run" : "yaml-validate+plan", times[0] / 1e6, median / 1e6, firstCpu / 1e6, "-",
                EngineBenchmark.peakRssKib() / 1024.0);
        FileTree.delete(directory);
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
