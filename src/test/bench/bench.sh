#!/usr/bin/env bash
# bench.sh: speed and memory figures of ccy beside the raw commands it wraps, measured for real
# in the booted test sandbox (systemd, Quadlet, rootless podman, tmux), in one run, on every Java
# found. Prints figures (median of RUNS, ccy / raw / ratio); asserts nothing, so a noisy machine
# cannot make it flake. Needs root (the sandbox) and target/ccy.jar (mvn -B package).
#
#   src/test/bench/bench.sh [RUNS] [COUNTS] [RECOVER]
#     RUNS     runs per figure, default 5; medians are reported
#     COUNTS   numbers of running sessions to measure at, default "1 20 100"
#     RECOVER  numbers of running sessions to cut the power under, default "20 50" ("" skips)
#   e.g. src/test/bench/bench.sh 3 "1 20" 20
#
# Javas: the sandbox's own (Debian trixie's OpenJDK 21) and every JDK under the host's /usr/lib/jvm
# (Debian 12's 17, Temurin 25 on CI's machines), linked into the sandbox and chosen with
# JAVA_HOME, which bin/ccy honours. BENCH_JAVAS="/usr/lib/jvm/x ..." picks the host's instead.
# The figures, one line each, also go to target/bench/results.txt.
set -euo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../../.." && pwd)
cd "$top"
runs=${1:-5}
counts=${2:-1 20 100}
recover=${3-20 50}
sandbox=src/test/sandbox/sandbox.sh
root=$top/target/bench/root
results=$top/target/bench/results.txt
[[ -f target/ccy.jar ]] || { echo "bench: build first: mvn -B package -DskipTests" >&2; exit 1; }
"$sandbox" check >/dev/null
"$sandbox" build >/dev/null
[[ -f $root.pid ]] && { "$sandbox" kill "$root" || true; }
"$sandbox" fresh "$root"
install -D -m 0644 target/ccy.jar "$root/usr/local/lib/ccy/ccy.jar"
install -D -m 0755 bin/ccy "$root/usr/local/bin/ccy"
install -D -m 0755 src/test/bench/inside.sh "$root/usr/local/libexec/ccy-bench"

# The host's JDKs, each once (the jvm dir has aliases), dereferenced (Debian's link into /etc) and
# hard-linked where the file system allows, so copying them costs nothing.
javas=""
for j in ${BENCH_JAVAS:-/usr/lib/jvm/*}; do
  real=$(readlink -f "$j")
  [[ -x $real/bin/java && ! -L $j ]] || continue
  name=$(basename "$real")
  dest=$root/opt/bench-jvm/$name
  mkdir -p "$dest"
  cp -rLl "$real/." "$dest/" 2>/dev/null || cp -rL "$real/." "$dest/" 2>/dev/null || true
  "$dest/bin/java" -version >/dev/null 2>&1 || { echo "bench: $real does not run from a copy; skipped" >&2; continue; }
  javas+=" /opt/bench-jvm/$name"
done

"$sandbox" boot "$root" >/dev/null
trap '"$sandbox" poweroff "$root" >/dev/null 2>&1 || "$sandbox" kill "$root" >/dev/null 2>&1 || true' EXIT
inside() { CCY_SANDBOX_CWD=/home/dev "$sandbox" run "$root" -- /usr/local/libexec/ccy-bench "$@"; }

{
  echo "# ccy bench $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2/1048576}' /proc/meminfo)," \
    "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); ccy.jar $(sha256sum target/ccy.jar | cut -c1-12)," \
    "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'); RUNS=$runs"
  inside measure "$runs" "$counts" "default$javas"
  for n in $recover; do
    inside recover-prepare "$n"
    "$sandbox" kill "$root" >/dev/null
    "$sandbox" boot "$root" >/dev/null
    inside recover-wait "$n"
  done
} | tee "$results"
