package dev.nixboot.bench;

import dev.nixboot.engine.Engines;
import dev.nixboot.engine.ThisProcess;
import dev.nixboot.engine.api.CompiledPlaybook;
import dev.nixboot.engine.api.PlaybookEngine;
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
 * What one local {@code exec} step costs: a playbook of SIZE {@code exec} steps of {@code sh -c true}, one after the
 * other, run through the engine API with the built-in steps on the class path (the distribution's jar), against the
 * same number of {@code sh -c true} spawned by a shell loop (the goal: at most 2x) and by a plain Java loop. The three
 * run in turn in every round, so each round's ratio compares neighbours on a machine whose load drifts.
 *
 * <p>Usage: {@code ExecBenchmark SIZE REPEATS}; prints {@code case, size, first_ms, warm_median_ms, per_step_ms},
 * then the median of the rounds' exec / shell-loop ratios.
 */
public final class ExecBenchmark {
    private ExecBenchmark() {}

    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(args[0]);
        int repeats = Integer.parseInt(args[1]);
        Path directory = Files.createTempDirectory("nixboot-bench-exec-");
        Path playbook = write(directory.resolve("exec.yaml"), size);
        PlaybookEngine engine = Engines.create(ThisProcess.host(), List.of());
        CompiledPlaybook compiled = engine.compile(playbook, VariableInputs.none());

        long[] steps = new long[repeats + 1];
        long[] loop = new long[repeats + 1];
        long[] shell = new long[repeats + 1];
        double[] ratios = new double[repeats];
        // One sh runs the loop: its own start is one spawn more than the 100 it times, as a shell user's loop.
        String shellLoop = "i=0; while [ $i -lt " + size + " ]; do sh -c true; i=$((i + 1)); done";
        for (int i = 0; i <= repeats; i++) {
            // A fresh state directory each time, so every run starts from nothing, as a first run does.
            Path state = directory.resolve(".nixboot-" + i);
            RunOptions options = new RunOptions(1, false, false, null, Set.of(), Set.of(), Set.of(), state,
                    directory, null);
            long start = System.nanoTime();
            RunSummary summary = engine.run(compiled, options, new RunListener() {});
            steps[i] = System.nanoTime() - start;
            if (summary.exitCode() != 0 || summary.steps().size() != size) {
                throw new IllegalStateException("the run ended " + summary.exitCode());
            }
            FileTree.delete(state);

            start = System.nanoTime();
            for (int n = 0; n < size; n++) {
                Process process = new ProcessBuilder("sh", "-c", "true").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                process.getOutputStream().close();
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("sh -c true failed");
                }
            }
            loop[i] = System.nanoTime() - start;

            start = System.nanoTime();
            Process process = new ProcessBuilder("sh", "-c", shellLoop).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("the shell loop failed");
            }
            shell[i] = System.nanoTime() - start;
            if (i > 0) {
                ratios[i - 1] = (double) steps[i] / shell[i];
            }
        }
        System.out.println("case\tsize\tfirst_ms\twarm_median_ms\tper_step_ms");
        print("exec-steps(in-process)", size, steps);
        print("java-loop(sh -c true)", size, loop);
        print("shell-loop(sh -c true)", size, shell);
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "ratio exec-steps / shell-loop, median of %d rounds: %.2f (from %.2f to %.2f)%n",
                repeats, ratios[repeats / 2], ratios[0], ratios[repeats - 1]);
        FileTree.delete(directory);
    }

    private static void print(String name, int size, long[] times) {
        long[] warm = Arrays.copyOfRange(times, 1, times.length);
        Arrays.sort(warm);
        long median = warm.length == 0 ? times[0] : warm[warm.length / 2];
        System.out.printf(Locale.ROOT, "%s\t%d\t%.1f\t%.1f\t%.2f%n", name, size, times[0] / 1e6, median / 1e6,
                median / 1e6 / size);
    }

    private static Path write(Path file, int size) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("name: exec-steps\nsteps:\n");
            for (int i = 0; i < size; i++) {
                out.write("  - id: step_" + i + "\n    type: exec\n    with:\n      script: \"true\"\n");
            }
        }
        return file;
    }
}
