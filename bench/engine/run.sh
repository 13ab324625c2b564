#!/usr/bin/env bash
# Plans and runs generated playbooks of 1,000 and 10,000 no-op steps (a chain and a wide fan), one JVM per case,
# and prints time and peak memory with the 10k/1k ratio that shows whether cost grows linearly.
# Usage: bench/engine/run.sh [REPEATS]   (from anywhere; needs Maven and a JDK 17+; YAML_REPEATS=2 by default)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$root/bench/engine"
repeats="${1:-5}"
# Compiling 10,000 steps from YAML takes seconds, so those cases repeat less.
yaml_repeats="${YAML_REPEATS:-2}"
out="$bench/target"
mkdir -p "$out/classes" "$root/bench/results"

# Compile the engine with the reactor (never `mvn install`) and ask Maven for its class path.
(cd "$root" && mvn -q -o -pl engine test-compile dependency:build-classpath \
    -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test)
# test-classes hold the run.* test steps that the YAML benchmark's playbook uses.
classpath="$root/engine/target/classes:$root/engine/target/test-classes:$(cat "$out/classpath.txt")"
javac --release 17 -Xlint:all -Werror -d "$out/classes" -cp "$classpath" \
    $(find "$bench/src" -name '*.java')

java_opts=(-cp "$out/classes:$classpath")
results="$root/bench/results/engine-$(date -u +%Y%m%dT%H%M%SZ).tsv"
# Other jobs on the machine slow wall times; the load average says how much to trust them.
echo "cores: $(nproc), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'shape\tsteps\tphase\tfirst_ms\twarm_median_ms\tfirst_cpu_ms\theap_peak_MB\trss_peak_MB\n' | tee "$results"
for phase in plan run; do
  for shape in chain fan; do
    for size in 1000 10000; do
      java "${java_opts[@]}" dev.nixboot.bench.EngineBenchmark "$shape" "$size" "$phase" "$repeats" | tee -a "$results"
    done
  done
done
for shape in chain fan; do
  for size in 1000 10000; do
    # Through the public API: needs the compile pipeline; says so instead of failing before it is merged.
    java "${java_opts[@]}" dev.nixboot.bench.YamlBenchmark "$shape" "$size" "$yaml_repeats" 2>"$out/yaml.err" \
      | tee -a "$results" || echo "yaml $shape $size: $(grep -m1 -o 'UnsupportedOperationException.*' "$out/yaml.err")"
  done
done
echo "JVM baseline (java -version):"
/usr/bin/env time -f 'rss_peak_MB %M KiB, wall %e s' java -version 2>&1 | tail -1 || true

echo
echo "10k/1k ratios (10 is linear; below 10, fixed costs such as class loading still weigh on 1k)"
echo "and the cost of each step beyond the first 1,000 (warm), which stays flat when growth is linear:"
awk -F'\t' 'NR > 1 { key = $1 "\t" $3; if ($2 == 1000) small[key] = $0; else big[key] = $0 }
  END { printf "shape\tphase\tratio_first\tratio_warm\tratio_first_cpu\tus_per_extra_step\n";
        for (k in big) { split(small[k], s, "\t"); split(big[k], b, "\t");
          printf "%s\t%.1f\t%.1f\t%.1f\t%.1f\n", k, b[4] / s[4], b[5] / s[5], b[6] / s[6], (b[5] - s[5]) / 9 } }' \
  "$results" \
  | sort -r
echo "results: ${results#$root/}"
