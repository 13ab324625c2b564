#!/usr/bin/env bash
# Reruns the SSH benchmarks: builds cli/target/nixboot.jar and the steps module's test classes (no install), compiles
# the benchmark mains against them and the test harness, and prints tables with ratios, wall and CPU time and the
# load average. Each benchmark starts its own sshd on a loopback port. Whole nixboot processes are timed two ways:
# `java -jar cli/target/nixboot.jar run` (JAVA's defaults) and the `./nixboot` launcher (newest JDK, its flags, AOT
# cache on JDK 25).
#
#   bench/ssh/run.sh            # both benchmarks
#   bench/ssh/run.sh exec 5     # benchmark 1 only, 5 rounds
#   bench/ssh/run.sh sync 3     # benchmark 2 only, 3 rounds
#
# JAVA=/path/to/java picks the JVM for the in-process steps and `java -jar` (default: java on PATH).
set -euo pipefail
cd "$(dirname "$0")/../.."
which="${1:-all}"
rounds="${2:-}"
out=bench/ssh/target
mkdir -p "$out/classes"
# The jar the whole-process rows run (and ./nixboot finds it up to date).
mvn -q -o -pl cli -am package -DskipTests >/dev/null
# One reactor invocation: the steps module's test class path includes the engine's test jar, which only the reactor
# (not the local repository: nothing is installed) can resolve.
mvn -q -o -pl steps -am test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/$out/classpath.txt" \
  -Dmdep.includeScope=test >/dev/null
cp="$PWD/engine/target/classes:$PWD/steps/target/classes:$PWD/steps/target/test-classes:$(cat "$out/classpath.txt")"
javac -d "$out/classes" -cp "$cp" bench/ssh/*.java
java="${JAVA:-java}"
if [ "$which" = all ] || [ "$which" = exec ]; then
  "$java" -cp "$out/classes:$cp" SshExecBench ${rounds:-5}
fi
if [ "$which" = all ] || [ "$which" = sync ]; then
  "$java" -cp "$out/classes:$cp" SshSyncBench ${rounds:-3}
fi
