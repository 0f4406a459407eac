#!/usr/bin/env bash
# bench.sh: speed and memory figures of ccy, measured for real in the booted test sandbox
# (systemd, Quadlet, rootless podman, tmux). Prints figures; asserts nothing, so a noisy machine
# cannot make it flake. Needs root (the sandbox) and target/ccy.jar (mvn -B package).
#
#   src/test/bench/bench.sh [RUNS]      RUNS per figure, default 5; medians are reported
set -euo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../../.." && pwd)
cd "$top"
runs=${1:-5}
sandbox=src/test/sandbox/sandbox.sh
root=$top/target/bench/root
[[ -f target/ccy.jar ]] || { echo "bench: build first: mvn -B package -DskipTests" >&2; exit 1; }
"$sandbox" check >/dev/null
"$sandbox" build >/dev/null
[[ -f $root.pid ]] && { "$sandbox" kill "$root" || true; }
"$sandbox" fresh "$root"
install -D -m 0644 target/ccy.jar "$root/usr/local/lib/ccy/ccy.jar"
install -D -m 0755 bin/ccy "$root/usr/local/bin/ccy"
"$sandbox" boot "$root" >/dev/null
trap '"$sandbox" poweroff "$root" >/dev/null 2>&1 || "$sandbox" kill "$root" >/dev/null 2>&1 || true' EXIT

# Everything below runs inside the sandbox as the unprivileged user, in one shell, so the
# timings carry no cost of entering the sandbox.
CCY_SANDBOX_CWD=/home/dev "$sandbox" run "$root" -- bash -s "$runs" <<'INSIDE'
set -euo pipefail
runs=$1
image=localhost/ccy-test:latest
mkdir -p ~/work/bench/.git && echo 'ref: refs/heads/main' > ~/work/bench/.git/HEAD
cd ~/work/bench
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
report() { # name unit values...
  local name=$1 unit=$2; shift 2
  printf '%-58s median %6s %s   (runs: %s)\n' "$name" "$(printf '%s\n' "$@" | median)" "$unit" "$*"
}

# ccy new --detach: render, write, reload, start, wait until tmux answers
new=()
for i in $(seq "$runs"); do
  t=$(date +%s%N); s=$(ccy new --detach --image "$image" -- bash); new+=("$(ms "$t")")
  ccy rm "$s" >/dev/null
done
report "ccy new --detach until tmux answers" ms "${new[@]}"

s=$(ccy new --detach --image "$image" -- bash)
# attach: time until the session's screen is on the attaching terminal (an outer tmux gives a pty)
attach_time() { # command...
  local mark=MARK$RANDOM$RANDOM t
  podman exec "$s" tmux send-keys -t main "clear; echo $mark" Enter
  sleep 0.3
  t=$(date +%s%N)
  tmux -L bench new-session -d -x 120 -y 40 "$*"
  until tmux -L bench capture-pane -p 2>/dev/null | grep -q "$mark"; do sleep 0.005; done
  ms "$t"
  tmux -L bench kill-server 2>/dev/null || true
  sleep 0.2
}
ccy_attach=(); raw_attach=()
for i in $(seq "$runs"); do
  ccy_attach+=("$(attach_time ccy attach "$s")")
  raw_attach+=("$(attach_time podman exec -it "$s" tmux attach -t main)")
done
report "ccy attach until the screen shows" ms "${ccy_attach[@]}"
report "podman exec -it <container> tmux attach (raw)" ms "${raw_attach[@]}"

extra=()
for i in $(seq 9); do extra+=("$(ccy new --detach --image "$image" -- bash)"); done
list=()
for i in $(seq "$runs"); do t=$(date +%s%N); ccy list >/dev/null; list+=("$(ms "$t")"); done
report "ccy list with 10 sessions" ms "${list[@]}"

# peak resident memory of one ccy process (the launcher execs java, so $! is the JVM)
hwm=()
for i in $(seq "$runs"); do
  ccy list >/dev/null & pid=$!; peak=0
  while v=$(awk '/VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null); do [[ -n $v ]] && peak=$v; sleep 0.01; done
  wait $pid; hwm+=("$((peak / 1024))")
done
report "ccy list peak resident memory" MiB "${hwm[@]}"

stop=(); start=()
for i in $(seq "$runs"); do
  t=$(date +%s%N); ccy stop "$s" >/dev/null; stop+=("$(ms "$t")")
  t=$(date +%s%N); ccy start "$s" >/dev/null; start+=("$(ms "$t")")
done
report "ccy stop" ms "${stop[@]}"
report "ccy start until tmux answers" ms "${start[@]}"
for x in "${extra[@]}" "$s"; do ccy rm "$x" >/dev/null; done
INSIDE
