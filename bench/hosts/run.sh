#!/usr/bin/env bash
# Many hosts in one run, parallel against one host at a time: 20 loopback sshds as an inventory's hosts, a 10-step
# ssh.exec playbook per host with one step under a shared lock (see HostsBench.java). Prints a table with the median
# walls, CPU and the speed-up round by round.
#
#   bench/hosts/run.sh             # 3 rounds, --parallel-hosts = the number of cores
#   bench/hosts/run.sh 5 4         # 5 rounds, --parallel-hosts 4
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/hosts/target
mkdir -p "$out/classes"
mvn -q -o -pl cli -am package -DskipTests >/dev/null
mvn -q -o -pl steps -am test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/$out/classpath.txt" \
  -Dmdep.includeScope=test >/dev/null
cp="$PWD/engine/target/classes:$PWD/steps/target/classes:$PWD/steps/target/test-classes:$(cat "$out/classpath.txt")"
javac -d "$out/classes" -cp "$cp" bench/hosts/HostsBench.java bench/ssh/Timing.java
"${JAVA:-java}" -cp "$out/classes:$cp" HostsBench "${1:-3}" "${2:-$(nproc)}"
