#!/usr/bin/env bash
# What the launcher's start-up cache buys on `nixboot validate` of the default playbook: the distribution's bin/nixboot
# (with its cache) and the same JVM and options without the cache, run back to back in alternating order, PAIRS pairs
# per JDK (the newest JDK, which keeps an AOT cache, and JDK 17, which keeps a dynamic CDS archive). Prints the median
# wall time of each side, the median of the pairwise differences and their ratio. The cache stays only while it buys
# at least 50 ms (see src/docs/development.md, "Start-up").
# Usage: bench/engine/cache.sh [PAIRS]   (from anywhere; needs Maven and a JDK 17+; PAIRS=11 by default)
set -euo pipefail
export LC_ALL=C
root="$(cd "$(dirname "$0")/../.." && pwd)"
pairs="${1:-11}"
cd "$root"
mvn -q -o -pl cli -am package -DskipTests
dist="$(ls -d cli/target/nixboot-*/ | head -n 1)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$dist" "$work/dist"
playbook=(validate "$root/playbooks/remote-bootstrap.yaml" --var host=gusto)
# The launcher's own options (cli/src/dist/bin/nixboot), without the cache.
options=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djdk.reflect.useNativeAccessorOnly=true)

seconds() { # runs "$@" silently, prints its wall time in seconds
  local start="$EPOCHREALTIME"
  "$@" >/dev/null 2>&1
  awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f\n", b - a }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for home in $(for h in /usr/lib/jvm/*; do [ -x "$h/bin/java" ] && echo "$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$h/release") $h"; done | sort -n -u -k1,1 | awk '$1 == 17 { print $2 } { last = $2 } END { print last }' | sort -u); do
  export NIXBOOT_JAVA_HOME="$home"
  "$work/dist/bin/nixboot" --version >/dev/null # makes the cache
  : >"$work/with" && : >"$work/without" && : >"$work/diff"
  for i in $(seq "$pairs"); do
    if [ $((i % 2)) -eq 0 ]; then
      w="$(seconds "$work/dist/bin/nixboot" "${playbook[@]}")"
      o="$(seconds "$home/bin/java" "${options[@]}" -jar "$work/dist/lib/nixboot.jar" "${playbook[@]}")"
    else
      o="$(seconds "$home/bin/java" "${options[@]}" -jar "$work/dist/lib/nixboot.jar" "${playbook[@]}")"
      w="$(seconds "$work/dist/bin/nixboot" "${playbook[@]}")"
    fi
    echo "$w" >>"$work/with"; echo "$o" >>"$work/without"
    awk -v a="$o" -v b="$w" 'BEGIN { printf "%.4f\n", a - b }' >>"$work/diff"
  done
  printf '%s: validate with cache %.0f ms, without %.0f ms; paired saving median %.0f ms (%s pairs)\n' \
    "$("$home/bin/java" -version 2>&1 | head -n 1)" \
    "$(median <"$work/with" | awk '{ print $1 * 1000 }')" "$(median <"$work/without" | awk '{ print $1 * 1000 }')" \
    "$(median <"$work/diff" | awk '{ print $1 * 1000 }')" "$pairs"
done
