#!/usr/bin/env bash
# The part of bench.sh that runs inside the sandbox, as the sandbox's user, so the timings carry
# no cost of entering the sandbox. One line per figure: figure, java, sessions, ccy, raw, ratio.
#
#   ccy-bench measure RUNS "COUNTS" "JAVAS"   JAVAS: "default" (the sandbox's) or JAVA_HOME dirs
#   ccy-bench recover-prepare N               exactly N sessions running, the rest stopped
#   ccy-bench recover-wait N                  after a power loss: when N sessions were back
set -euo pipefail
image=localhost/ccy-test:latest
quadlet=~/.config/containers/systemd
states=~/.local/share/ccy/sessions
work=~/work

now_ms() { local t=$EPOCHREALTIME; t=${t//[.,]/}; echo $(( t / 1000 )); }
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
# row FIGURE JAVA SESSIONS UNIT "CCY VALUES" "RAW VALUES"
row() {
  local c r ratio
  c=-; r=-
  [[ -n $5 ]] && c=$(printf '%s\n' $5 | median)
  [[ -n $6 ]] && r=$(printf '%s\n' $6 | median)
  ratio=$(awk -v c="$c" -v r="$r" 'BEGIN { if (r + 0 > 0 && c != "-") printf "%.2f", c / r; else print "-" }')
  printf '%-40s %-14s %5s %8s %8s %6s %s   (ccy: %s; raw: %s)\n' "$1" "$2" "$3" "$c" "${r}" "$ratio" "$4" "$5" "$6"
}
header() { printf '%-40s %-14s %5s %8s %8s %6s %s\n' figure java sess ccy raw ratio unit; }
worktree() { mkdir -p "$1/.git" && [[ -f $1/.git/HEAD ]] || echo 'ref: refs/heads/main' > "$1/.git/HEAD"; }
sessions() { ls "$quadlet" 2>/dev/null | sed -n 's/^\(ccy-.*\)\.container$/\1/p' | sort -V; }
main_session() { cat ~/.bench-main 2>/dev/null; }

# Grows to N sessions, all running: the attach target in ~/work/bench, the others one per worktree.
grow() {
  local n=$1 have i
  if [[ -z $(main_session) ]]; then
    worktree "$work/bench"
    (cd "$work/bench" && ccy new --detach --image "$image" -- bash) > ~/.bench-main
  fi
  have=$(sessions | wc -l)
  for ((i = have + 1; i <= n; i++)); do
    worktree "$work/p$i"
    (cd "$work/p$i" && ccy new --detach --image "$image" -- bash >/dev/null)
  done
}

# Waits while a launcher's background archive training runs, so it does not load the timings.
settle() {
  local i
  for i in $(seq 240); do
    pgrep -u "$(id -u)" -f -- '__archive-training|Xshare:dump|ArchiveClassesAtExit|AOTCacheOutput' >/dev/null || return 0
    sleep 0.5
  done
}

# ms until MARK shows on a fresh outer tmux that runs the given command (an outer tmux gives a pty)
attach_time() { # session command...
  local s=$1 mark=MARK$RANDOM$RANDOM t
  shift
  podman exec "$s" tmux send-keys -t main "clear; echo $mark" Enter
  sleep 0.3
  t=$(now_ms)
  tmux -L bench new-session -d -x 120 -y 40 "$*"
  until tmux -L bench capture-pane -p 2>/dev/null | grep -q "$mark"; do sleep 0.01; done
  echo $(( $(now_ms) - t ))
  tmux -L bench kill-server 2>/dev/null || true
  sleep 0.3
}

# peak resident memory (MiB) of a short command, read from /proc while it runs
peak_rss() { # command...
  local pid peak=0 v
  "$@" >/dev/null 2>&1 & pid=$!
  while v=$(awk '/VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null); do [[ -n $v ]] && peak=$v; sleep 0.005; done
  wait $pid || true
  echo $(( peak / 1024 ))
}

# resident memory (MiB, peak) of a long attach after it settled: the processes matching PATTERN
attach_rss() { # session pattern command...
  local s=$1 pattern=$2 mark=MARK$RANDOM total=0 pid v
  shift 2
  podman exec "$s" tmux send-keys -t main "clear; echo $mark" Enter
  tmux -L bench new-session -d -x 120 -y 40 "$*"
  until tmux -L bench capture-pane -p 2>/dev/null | grep -q "$mark"; do sleep 0.05; done
  sleep 3
  for pid in $(pgrep -u "$(id -u)" -f -- "$pattern"); do
    v=$(awk '/VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
    total=$(( total + ${v:-0} ))
  done
  tmux -L bench kill-server 2>/dev/null || true
  sleep 0.3
  echo $(( total / 1024 ))
}

raw_list() { systemctl --user list-units 'ccy-*' >/dev/null; podman ps --filter label=ccy.session >/dev/null; }

# The raw steps of ccy new: write a unit file (the main session's, renamed), daemon-reload,
# start, wait until tmux answers. Prints ms; cleans up untimed.
raw_new() { # i
  local s name t el
  s=$(main_session); name=bench-raw-$1
  local text
  text=$(cat "$quadlet/$s.container")
  t=$(now_ms)
  printf '%s\n' "${text//$s/$name}" > "$quadlet/$name.container"
  systemctl --user daemon-reload
  systemctl --user start "$name.service"
  until podman exec "$name" tmux has-session -t main 2>/dev/null; do sleep 0.1; done
  el=$(( $(now_ms) - t ))
  systemctl --user stop "$name.service"
  rm -f "$quadlet/$name.container"
  systemctl --user daemon-reload
  podman unshare rm -rf "$states/$name".* 2>/dev/null || true
  echo "$el"
}

ccy_new() {
  local t el n
  worktree "$work/newb"
  t=$(now_ms)
  n=$(cd "$work/newb" && ccy new --detach --image "$image" -- bash)
  el=$(( $(now_ms) - t ))
  ccy rm "$n" >/dev/null
  echo "$el"
}

measure() {
  local runs=$1 counts=$2 javas=$3 n j label s i
  local -A done_start=()
  header
  for n in $counts; do
    grow "$n"
    s=$(main_session)
    for j in $javas; do
      if [[ $j == default ]]; then unset JAVA_HOME; else export JAVA_HOME=$j; fi
      label=$(java_label)
      ccy list >/dev/null; settle
      if [[ -z ${done_start[$j]:-} ]]; then
        done_start[$j]=1
        local v=() h=() jv=()
        ccy --version >/dev/null; ccy --help >/dev/null; "${JAVA_HOME:-/usr}/bin/java" -version 2>/dev/null
        for i in $(seq "$runs"); do
          t=$(now_ms); ccy --version >/dev/null; v+=($(( $(now_ms) - t )))
          t=$(now_ms); ccy --help >/dev/null; h+=($(( $(now_ms) - t )))
          t=$(now_ms); "${JAVA_HOME:-/usr}/bin/java" -version 2>/dev/null; jv+=($(( $(now_ms) - t )))
        done
        row "ccy --version / java -version" "$label" - ms "${v[*]}" "${jv[*]}"
        row "ccy --help / java -version" "$label" - ms "${h[*]}" "${jv[*]}"
      fi
      local ca=() ra=() cb=() cj=() la=() lr=()
      attach_time "$s" ccy attach "$s" >/dev/null
      for i in $(seq "$runs"); do
        ca+=("$(attach_time "$s" ccy attach "$s")")
        ra+=("$(attach_time "$s" podman exec -it "$s" tmux attach -t main)")
        cb+=("$(cd "$work/bench" && attach_time "$s" ccy)")
        cj+=("$(attach_time "$s" env CCY_FAST=0 ccy attach "$s")")
      done
      row "attach until the screen shows" "$label" "$n" ms "${ca[*]}" "${ra[*]}"
      row "bare ccy (resume, attach)" "$label" "$n" ms "${cb[*]}" "${ra[*]}"
      row "attach through ccy.jar (CCY_FAST=0)" "$label" "$n" ms "${cj[*]}" "${ra[*]}"
      ccy list >/dev/null; raw_list
      for i in $(seq "$runs"); do
        t=$(now_ms); ccy list >/dev/null; la+=($(( $(now_ms) - t )))
        t=$(now_ms); raw_list; lr+=($(( $(now_ms) - t )))
      done
      row "list / systemctl list-units + podman ps" "$label" "$n" ms "${la[*]}" "${lr[*]}"
      local cn=() rn=()
      for i in $(seq "$runs"); do
        cn+=("$(ccy_new)")
        rn+=("$(raw_new "$i")")
      done
      row "new --detach until tmux answers" "$label" "$n" ms "${cn[*]}" "${rn[*]}"
      local lm=() rr=() am=() pm=()
      for i in $(seq "$runs"); do
        lm+=("$(peak_rss ccy list)")
        rr+=("$(peak_rss podman ps --filter label=ccy.session)")
      done
      row "peak RSS: list / podman ps" "$label" "$n" MiB "${lm[*]}" "${rr[*]}"
      # the launcher's own attach (a shell beside podman), and ccy.jar's (a JVM beside podman)
      local jm=()
      am+=("$(attach_rss "$s" "^/bin/sh [^ ]*/ccy attach|^podman exec -it --detach-keys=" ccy attach "$s")")
      jm+=("$(attach_rss "$s" "^[^ ]*java .*ccy\.jar attach|^podman exec -it --detach-keys=" env CCY_FAST=0 ccy attach "$s")")
      pm+=("$(attach_rss "$s" "^podman exec -it $s tmux" podman exec -it "$s" tmux attach -t main)")
      row "RSS of a long attach (+ its podman)" "$label" "$n" MiB "${am[*]}" "${pm[*]}"
      row "RSS of a long attach through ccy.jar" "$label" "$n" MiB "${jm[*]}" "${pm[*]}"
    done
  done
}

java_label() {
  local java=${JAVA_HOME:+$JAVA_HOME/bin/}java v
  v=$("$java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
  if [[ -z ${JAVA_HOME:-} ]]; then echo "sandbox-$v"; else echo "${JAVA_HOME##*/}" | sed 's/-jdk-amd64\|-openjdk-amd64//; s/java-//'; fi
}

# Exactly N sessions running (the first N by name), the others stopped, which keeps them down at boot.
recover_prepare() {
  local n=$1 i=0 s
  grow "$n"
  for s in $(sessions); do
    i=$((i + 1))
    if ((i <= n)); then
      [[ -e $(ls -d "$states/$s".* | head -1)/stopped ]] && ccy start "$s" >/dev/null
    else
      [[ -e $(ls -d "$states/$s".* | head -1)/stopped ]] || ccy stop "$s" >/dev/null
    fi
  done
  sessions | head -n "$n" > ~/.bench-recover
  sync
}

# Times since the sandbox's power came on (its PID 1 started), from the units' own timestamps
# and the files each session's entrypoint writes once its tmux is up.
recover_wait() {
  local n=$1 tick up start boot_mono boot_epoch s ready=0 i units mono
  tick=$(getconf CLK_TCK)
  read -r up _ < /proc/uptime
  start=$(awk '{print $22}' /proc/1/stat)
  boot_mono=$(awk -v s="$start" -v t="$tick" 'BEGIN {printf "%.3f", s / t}')
  boot_epoch=$(awk -v now="$EPOCHREALTIME" -v up="$up" -v b="$boot_mono" 'BEGIN {printf "%.3f", now - (up - b)}')
  touch -d "@$boot_epoch" /tmp/bench-boot
  for i in $(seq 1500); do
    units=$(systemctl --user list-units 'ccy-*' --state=active --no-legend --plain 2>/dev/null | wc -l)
    ready=0
    for s in $(cat ~/.bench-recover); do
      [[ $(ls -d "$states/$s".*/clients 2>/dev/null | head -1) -nt /tmp/bench-boot ]] && ready=$((ready + 1))
    done
    ((units >= n && ready >= n)) && break
    sleep 0.2
  done
  local last_unit=0 first_unit=999999 last_tmux=0 answering=0 m
  for s in $(cat ~/.bench-recover); do
    mono=$(systemctl --user show -P ActiveEnterTimestampMonotonic "$s.service")
    m=$(awk -v m="$mono" -v b="$boot_mono" 'BEGIN {printf "%d", m / 1000 - b * 1000}')
    ((m > last_unit)) && last_unit=$m
    ((m < first_unit)) && first_unit=$m
    m=$(stat -c %Y "$(ls -d "$states/$s".*/clients | head -1)")
    m=$(awk -v m="$m" -v b="$boot_epoch" 'BEGIN {printf "%d", (m - b) * 1000}')
    ((m > last_tmux)) && last_tmux=$m
    podman exec "$s" tmux has-session -t main 2>/dev/null && answering=$((answering + 1))
  done
  row "power loss: all units active (first $first_unit)" - "$n" ms "$last_unit" ""
  row "power loss: all tmux up (1 s res.; $answering/$n answer)" - "$n" ms "$last_tmux" ""
  # what serialises the starts: when the units began starting (all at once, from default.target)
  # against how long each start took; starts that began together but ended one after another
  # waited on each other (podman's locks), not on systemd
  local began=() took=() a b
  for s in $(cat ~/.bench-recover); do
    a=$(systemctl --user show -P InactiveExitTimestampMonotonic "$s.service")
    b=$(systemctl --user show -P ActiveEnterTimestampMonotonic "$s.service")
    began+=($(awk -v m="$a" -v bm="$boot_mono" 'BEGIN {printf "%d", m / 1000 - bm * 1000}'))
    took+=($(( (b - a) / 1000 )))
  done
  local span
  span=$(printf '%s\n' "${began[@]}" | sort -n | awk 'NR == 1 {f = $1} {l = $1} END {printf "%d-%d", f, l}')
  row "power loss: each start's own time (began ${span} ms)" - "$n" ms "${took[*]}" ""
  # the generator and the user manager: when default.target was reached
  row "power loss: user manager's default.target reached" - "$n" ms \
    "$(awk -v m="$(systemctl --user show -P ActiveEnterTimestampMonotonic default.target)" -v bm="$boot_mono" 'BEGIN {printf "%d", m / 1000 - bm * 1000}')" ""
}

cmd=$1
shift
case $cmd in
  measure) measure "$@" ;;
  recover-prepare) recover_prepare "$@" ;;
  recover-wait) recover_wait "$@" ;;
  *) echo "ccy-bench: unknown command $cmd" >&2; exit 2 ;;
esac
