#!/usr/bin/env bash
# nixboot's speed, in one run, against a bare JVM on the same machine:
#   1. end to end, as a user runs it (the ./nixboot launcher, and plain `java -jar`): `java -version` as the baseline,
#      `nixboot validate` of the default playbook, and validate / dry run / run of generated playbooks of 1,000 and
#      10,000 no-op steps; median wall and CPU time of REPEATS runs and the peak RSS, then the ratios the goals name,
#      the start-up one also from validate and `java -version` run back to back (2*REPEATS+1 pairs);
#   2. in process, through the engine's API: validate + plan and validate + run of the same YAML, and planning and
#      running playbooks of no-op steps compiled beforehand (a chain and a fan), cold and warm;
#   3. what a local `exec` step costs: 100 exec steps of `sh -c true` against 100 `sh -c true` from a shell loop.
# Usage: bench/engine/run.sh [REPEATS] [exec]   (from anywhere; needs Maven, a JDK 17+ and GNU time; REPEATS=5 by
#        default; YAML_REPEATS=2 warm repetitions for the in-process YAML cases; `exec`: part 3 alone)
set -euo pipefail
export LC_ALL=C # a decimal point in $EPOCHREALTIME and awk
root="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$root/bench/engine"
repeats="${1:-5}"
yaml_repeats="${YAML_REPEATS:-2}"
out="$bench/target"
mkdir -p "$out/classes" "$root/bench/results"
cd "$root"

# Build with the reactor (never `mvn install`): the runnable jar, and the engine's class path for the in-process part.
mvn -q -o -pl cli -am package -DskipTests
mvn -q -o -pl engine dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test
# test-classes hold the run.noop test step that the generated playbooks use.
classpath="$root/engine/target/classes:$root/engine/target/test-classes:$(cat "$out/classpath.txt")"
javac --release 17 -Xlint:all -Werror -d "$out/classes" -cp "$classpath" $(find "$bench/src" -name '*.java')
java_opts=(-cp "$out/classes:$classpath")

# run.noop as a plugin jar, so the nixboot command runs the generated playbooks exactly as it runs a user's.
rm -rf "$out/noop" "$out/plugins"
mkdir -p "$out/noop/dev/nixboot/engine/run/fixture" "$out/noop/META-INF/services" "$out/plugins"
cp engine/target/test-classes/dev/nixboot/engine/run/fixture/NoopStep*.class "$out/noop/dev/nixboot/engine/run/fixture/"
echo dev.nixboot.engine.run.fixture.NoopStep >"$out/noop/META-INF/services/dev.nixboot.engine.spi.Step"
jar cf "$out/plugins/noop.jar" -C "$out/noop" .
for size in 1000 10000; do
  java "${java_opts[@]}" dev.nixboot.bench.YamlBenchmark write chain "$size" "$out/chain-$size.yaml"
done

# The JDK the launcher picks (see cli/src/dist/bin/nixboot), for a like-with-like baseline.
launcher_java="java"
if [ -n "${NIXBOOT_JAVA_HOME:-${JAVA_HOME:-}}" ]; then
  launcher_java="${NIXBOOT_JAVA_HOME:-$JAVA_HOME}/bin/java"
else
  best=0
  for home in /usr/lib/jvm/*; do
    [ -x "$home/bin/java" ] || continue
    major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null || true)"
    if [ "${major:-0}" -gt "$best" ]; then
      best="$major"
      launcher_java="$home/bin/java"
    fi
  done
fi

default_playbook=(playbooks/remote-bootstrap.yaml --var host=gusto)
plugins=(--plugin-path "$out/plugins")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# median: of the numbers on standard input, one a line.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# measure NAME COMMAND...: one unmeasured run (fills the file cache; the launcher's first run makes its AOT cache),
# then REPEATS measured ones in a fresh working directory each. Prints NAME, median wall ms, median CPU ms (user +
# system, all threads), peak RSS MB (the largest of the runs).
measure() {
  local name="$1" i
  shift
  : >"$out/times"
  for ((i = 0; i <= repeats; i++)); do
    rm -rf "$work/cwd"
    mkdir -p "$work/cwd"
    if ! (cd "$work/cwd" && /usr/bin/time -f '%e %U %S %M' -o "$out/time.one" "$@" >/dev/null 2>"$out/stderr"); then
      echo "$name: failed: $*" >&2
      tail -3 "$out/stderr" >&2
      return 1
    fi
    [ "$i" -eq 0 ] || cat "$out/time.one" >>"$out/times"
  done
  printf '%s\t%s\t%s\t%s\n' "$name" \
    "$(awk '{ printf "%.0f\n", $1 * 1000 }' "$out/times" | median)" \
    "$(awk '{ printf "%.0f\n", ($2 + $3) * 1000 }' "$out/times" | median)" \
    "$(awk '{ printf "%.1f\n", $4 / 1024 }' "$out/times" | sort -n | tail -1)"
}

# wall_ms COMMAND...: the wall time of one run in ms, by bash's microsecond clock (GNU time's has 10 ms steps, a
# third of `java -version`), as a shell user meets it: bash's fork and exec included, as for either command of a
# pair; output discarded.
wall_ms() {
  local start end
  start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1
  end=$EPOCHREALTIME
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }'
}

results="$root/bench/results/engine-$(date -u +%Y%m%dT%H%M%SZ).tsv"
# Section 3, also alone: bench/engine/run.sh REPEATS exec
exec_section() {
  echo
  echo "3. Local processes: a playbook of 100 exec steps of 'sh -c true', one after the other, run in process through the"
  echo "   engine API (launcher flags, the distribution's jar on the class path), against 100 'sh -c true' spawned from a"
  echo "   shell loop and from a Java loop; the three in turn in each of $repeats rounds after one unmeasured:"
  java "${launcher_flags[@]}" -cp "$out/classes:$root/cli/target/nixboot.jar" dev.nixboot.bench.ExecBenchmark 100 \
    "$repeats" | tee "$results.exec" | sed 's/^/  /' | column -t -s $'\t'
  echo "  goal: an exec step costs at most 2x a spawn from the shell loop"
}
# The in-process parts run with the launcher's JVM flags.
launcher_flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
if [ "${2:-}" = exec ]; then
  exec_section
  exit
fi
plain_java="$(readlink -f "$(command -v java)")"
plain_home="${plain_java%/bin/java}"
# Other jobs on the machine slow wall times; the load average says how much to trust them, CPU time less so.
echo "cores: $(nproc), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "launcher JDK: $("$launcher_java" -version 2>&1 | head -1); plain java: $(java -version 2>&1 | head -1)"
echo
echo "1. End to end: median of $repeats runs (wall and CPU), peak RSS"
{
  printf 'case\twall_ms\tcpu_ms\trss_peak_MB\n'
  measure "java-version(launcher-jdk)" "$launcher_java" -version
  measure "java-version(plain-java)" java -version
  measure "validate-default(launcher)" "$root/nixboot" validate "$root/${default_playbook[0]}" "${default_playbook[@]:1}"
  measure "validate-default(java-jar)" java -jar "$root/cli/target/nixboot.jar" validate \
    "$root/${default_playbook[0]}" "${default_playbook[@]:1}"
  # The launcher made to use plain java's JDK (17 on Debian stable): its flags and its class cache for that JDK.
  measure "validate-default(launcher-plain-jdk)" env NIXBOOT_JAVA_HOME="$plain_home" "$root/nixboot" validate \
    "$root/${default_playbook[0]}" "${default_playbook[@]:1}"
  for size in 1000 10000; do
    measure "validate-$size(launcher)" "$root/nixboot" validate "${plugins[@]}" "$out/chain-$size.yaml"
  done
  for size in 1000 10000; do
    measure "dry-run-$size(launcher)" "$root/nixboot" run --dry-run "${plugins[@]}" "$out/chain-$size.yaml"
  done
  for size in 1000 10000; do
    measure "run-$size(launcher)" "$root/nixboot" run "${plugins[@]}" "$out/chain-$size.yaml"
  done
} | tee "$results" | column -t -s $'\t'

value() { awk -F'\t' -v name="$1" -v column="$2" '$1 == name { print $column }' "$results"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
echo
echo "Ratios (wall; CPU in brackets):"
for pair in "validate-default(launcher) java-version(launcher-jdk)" "validate-default(java-jar) java-version(plain-java)" \
  "validate-default(launcher-plain-jdk) java-version(plain-java)"; do
  set -- $pair
  echo "  $1 / $2: $(ratio "$(value "$1" 2)" "$(value "$2" 2)") ($(ratio "$(value "$1" 3)" "$(value "$2" 3)"))  goal: 8 or less"
done
# The goal's ratio again, from pairs run back to back in alternating order: the machine's load drifts over the
# minutes the table above takes, and a ratio of neighbours is steadier than a ratio of medians.
validate_default=("$root/nixboot" validate "$root/${default_playbook[0]}" "${default_playbook[@]:1}")
: >"$out/pairs"
for ((i = 0; i < 2 * repeats + 1; i++)); do
  if ((i % 2 == 0)); then
    baseline=$(wall_ms "$launcher_java" -version)
    validate=$(wall_ms "${validate_default[@]}")
  else
    validate=$(wall_ms "${validate_default[@]}")
    baseline=$(wall_ms "$launcher_java" -version)
  fi
  echo "$validate $baseline" >>"$out/pairs"
done
echo "  validate-default(launcher) / java-version(launcher-jdk), $((2 * repeats + 1)) pairs run back to back:" \
  "median $(awk '{ printf "%.2f\n", $1 / $2 }' "$out/pairs" | median)  (validate $(cut -d' ' -f1 "$out/pairs" | median)" \
  "ms, java -version $(cut -d' ' -f2 "$out/pairs" | median) ms; ratios $(awk '{ printf "%.1f ", $1 / $2 }' "$out/pairs"))"
for kind in validate dry-run run; do
  big="$kind-10000(launcher)" small="$kind-1000(launcher)"
  echo "  $big / $small: $(ratio "$(value "$big" 2)" "$(value "$small" 2)") ($(ratio "$(value "$big" 3)" \
    "$(value "$small" 3)")); each step beyond 1,000: $(awk -v a="$(value "$big" 2)" -v b="$(value "$small" 2)" \
    'BEGIN { printf "%.0f", (a - b) * 1000 / 9000 }') us wall"
done
echo "  (10k/1k is 10 when cost grows linearly with no fixed part; start-up is a large fixed part here, so the cost of"
echo "  each step beyond the first 1,000 is the figure to watch: it stays flat when growth is linear)"
echo "Goals: 10,000-step dry run $(value 'dry-run-10000(launcher)' 2) ms wall (under 1000), run $(value 'run-10000(launcher)' 2) ms"\
  "(under 2000); validate of the default playbook $(value 'validate-default(launcher)' 4) MB peak RSS (under 150)."

# Whether the launcher's AOT cache exists and serves the classes (JDK 25+ only).
if ls "$root"/cli/target/nixboot.jdk*.aot >/dev/null 2>&1; then
  NIXBOOT_JAVA_OPTS="-Xlog:class+load:file=$out/classes.log" "$root/nixboot" validate \
    "$root/${default_playbook[0]}" "${default_playbook[@]:1}" >/dev/null
  echo "AOT cache $(basename "$(ls "$root"/cli/target/nixboot.jdk*.aot | head -1)"): $(grep -c 'shared objects file' \
    "$out/classes.log") of $(wc -l <"$out/classes.log") classes of a validate come from it"
else
  echo "AOT cache: none (the launcher's JDK is older than 25, or cli/target is not writable)"
fi

echo
echo "2. In process, through the engine API (JVM flags as the launcher's, class path from Maven, plain java):"
{
  printf 'shape\tsteps\tphase\tfirst_ms\twarm_median_ms\tfirst_cpu_ms\theap_peak_MB\trss_peak_MB\n'
  for phase in plan run; do
    for size in 1000 10000; do
      java "${launcher_flags[@]}" "${java_opts[@]}" dev.nixboot.bench.YamlBenchmark chain "$size" "$yaml_repeats" "$phase"
    done
  done
  for phase in plan run; do
    for shape in chain fan; do
      for size in 1000 10000; do
        java "${launcher_flags[@]}" "${java_opts[@]}" dev.nixboot.bench.EngineBenchmark "$shape" "$size" "$phase" \
          "$repeats"
      done
    done
  done
} | tee "$results.api" | column -t -s $'\t'
echo
echo "10k/1k ratios in process (10 is linear; below 10, fixed costs such as class loading still weigh on 1k):"
awk -F'\t' 'NR > 1 { key = $1 "\t" $3; if ($2 == 1000) small[key] = $0; else big[key] = $0 }
  END { printf "shape\tphase\tratio_first\tratio_warm\tratio_first_cpu\n";
        for (k in big) { split(small[k], s, "\t"); split(big[k], b, "\t");
          printf "%s\t%.1f\t%.1f\t%.1f\n", k, b[4] / s[4], b[5] / s[5], b[6] / s[6] } }' \
  "$results.api" | sort -r | column -t -s $'\t'

exec_section
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results: ${results#$root/}, ${results#$root/}.api and ${results#$root/}.exec"
