#!/bin/sh
# The before/after hot-path probe (HotPathAB) over two checkouts of this repository.
# usage: bench/hot-path-ab.sh BEFORE_ROOT AFTER_ROOT [HotPathAB flags, e.g. --out bench/results/x.txt]
# Each root needs its core, jdbc-support and backend-sqlite jars built there first:
#   mvn -B -q -o -DskipTests package -pl backend-sqlite -am
# and this checkout needs bench/target/benchmarks.jar (mvn -B -q -o -pl bench -am package -DskipTests).
# Labels in the table are the last commit of each root that touched the library's modules,
# with "+changes" when the root has uncommitted changes there. See docs/BENCHMARKS.md.
set -eu
if [ $# -lt 2 ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/bench/target/benchmarks.jar"
before=$1
after=$2
shift 2
modules="core jdbc-support backend-sqlite"
if [ ! -f "$jar" ]; then
  echo "no $jar: build it with mvn -B -q -o -pl bench -am package -DskipTests" >&2
  exit 1
fi

label() {
  # shellcheck disable=SC2086
  commit=$(git -C "$1" log -1 --format=%h -- $modules pom.xml 2>/dev/null || true)
  [ -n "$commit" ] || commit=$(basename "$1")
  # shellcheck disable=SC2086
  if ! git -C "$1" diff --quiet HEAD -- $modules pom.xml 2>/dev/null; then
    commit="$commit+changes"
  fi
  echo "$commit"
}

stale() {
  for m in $modules; do
    for j in "$1/$m"/target/agent-memory-"$m"-*.jar; do
      [ -f "$j" ] || continue
      if [ -n "$(find "$1/$m/src/main" -newer "$j" -type f | head -n 1)" ]; then
        echo "warning: $j is older than sources under $1/$m/src/main: rebuild that root" >&2
      fi
    done
  done
}

stale "$before"
stale "$after"
exec java --add-modules jdk.incubator.vector -Xmx2g -cp "$jar" dev.agentmemory.bench.HotPathAB \
  --before "$before" --after "$after" --labels "$(label "$before"),$(label "$after")" "$@"
