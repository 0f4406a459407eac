#!/usr/bin/env bash
# selftest.sh - proves that sandbox.sh works on this machine: every subcommand, the Quadlet +
# tmux container path the project's tests rely on, and survival of kill/poweroff + boot.
#
# Usage: selftest.sh [DIR]     (DIR: scratch sandbox dir, default a temp dir; removed at the end)
# Exits 0 if all checks pass; the last line is "selftest: N passed, N failed".
# Exits 0 with a "skipped" line if `sandbox.sh check` says the machine can't do it.
set -euo pipefail

HERE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
SB=$HERE/sandbox.sh
if ! reason=$("$SB" check); then
  echo "selftest: skipped ($reason)"
  echo "selftest: 0 passed, 0 failed"
  exit 0
fi

SCRATCH=
if [[ -n ${1:-} ]]; then DIR=$1; else SCRATCH=$(mktemp -d); DIR=$SCRATCH/sb; fi
passed=0 failed=0
cleanup() {
  "$SB" kill "$DIR" >/dev/null 2>&1 || true
  rm -rf "$DIR" "$DIR.pid" "$DIR.console.log"
  [[ -z $SCRATCH ]] || rm -rf "$SCRATCH"
}
trap cleanup EXIT

# t NAME CMD...: one check; CMD's exit code decides.
t() {
  local name=$1 out rc=0
  shift
  out=$("$@" 2>&1) || rc=$?
  if [[ $rc == 0 ]]; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name (exit $rc)"; sed 's/^/     | /' <<<"$out" | tail -n 20
  fi
}
# eq EXPECTED CMD...: CMD's stdout must be EXPECTED.
eq() { local want=$1 got; shift; got=$("$@"); [[ $got == "$want" ]] || { echo "want [$want] got [$got]"; return 1; }; }
# rc_is CODE CMD...: CMD must exit with CODE.
rc_is() { local want=$1 rc=0; shift; "$@" || rc=$?; [[ $rc == "$want" ]] || { echo "want exit $want got $rc"; return 1; }; }
run() { "$SB" run "$DIR" "$@"; }
no_host_mounts() { ! grep -qF "$DIR" /proc/self/mountinfo; }
quadlet_up() {
  for _ in $(seq 50); do
    run -- podman exec systemd-test tmux ls 2>/dev/null | grep -q '^main:' && return 0
    sleep 0.2
  done
  run -- systemctl --user status test.service --no-pager; return 1
}

t "build (cached or cold)"            "$SB" build
t "fresh"                             "$SB" fresh "$DIR"
t "status stopped = 3"                rc_is 3 "$SB" status "$DIR"
t "boot"                              "$SB" boot "$DIR"
t "boot twice refused"                rc_is 1 "$SB" boot "$DIR"
t "status running = 0"                eq running "$SB" status "$DIR"
t "fresh refused while booted"        rc_is 1 "$SB" fresh "$DIR"
t "run: exit code passes through"     rc_is 42 run -- sh -c 'exit 42'
t "run: stdin passes through"         eq 3 bash -c "printf 'a\nb\nc\n' | '$SB' run '$DIR' -- wc -l"
t "run: stderr separate"              eq out bash -c "'$SB' run '$DIR' -- sh -c 'echo out; echo err >&2' 2>/dev/null"
t "run: as dev"                       eq "1000 /home/dev" run -- sh -c 'echo "$(id -u) $PWD"'
t "run: CCY_SANDBOX_CWD"              eq /tmp env CCY_SANDBOX_CWD=/tmp "$SB" run "$DIR" -- pwd
t "run: user env"                     eq "C.UTF-8 /run/user/1000 unix:path=/run/user/1000/bus" \
                                        run -- sh -c 'echo "$LANG $XDG_RUNTIME_DIR $DBUS_SESSION_BUS_ADDRESS"'
t "run --env-clean: no XDG/DBUS vars" eq "x x" run --env-clean -- sh -c 'echo "${XDG_RUNTIME_DIR:-x} ${DBUS_SESSION_BUS_ADDRESS:-x}"'
t "run --root"                        eq 0 run --root -- id -u
t "run: no stdin at all"              run -- true <&-
t "run: not booted = 125"             rc_is 125 "$SB" run "$DIR.nonexistent" -- true
t "user manager running"              eq running run -- systemctl --user is-system-running
t "quadlet generator"                 run -- /usr/libexec/podman/quadlet -version
t "java as dev"                       run -- java -version
t "pty via script(1)"                 eq /dev/pts/0 bash -c "'$SB' run '$DIR' -- script -qec tty /dev/null | tr -d '\\r'"
t "image: tmux -V"                    run -- podman run --rm localhost/ccy-test:latest tmux -V
t "quadlet unit: install"             run -- sh -c 'cat > ~/.config/containers/systemd/test.container <<"EOF"
[Container]
Image=localhost/ccy-test:latest
ContainerName=systemd-test
# sh as the container init ignores SIGTERM: trap it, else every stop waits 10 s for SIGKILL
Exec=/bin/sh -c "trap \"exit 0\" TERM; tmux new-session -d -s main && while tmux has-session -t main 2>/dev/null; do sleep 1; done"

[Install]
WantedBy=default.target
EOF
systemctl --user daemon-reload && systemctl --user start test.service'
t "quadlet unit: tmux answers"        quadlet_up
t "kill"                              "$SB" kill "$DIR"
t "kill: status stopped"              rc_is 3 "$SB" status "$DIR"
t "kill: no pid file"                 test ! -e "$DIR.pid"
t "kill: no mounts on host"           no_host_mounts
t "boot after kill"                   "$SB" boot "$DIR"
t "quadlet unit back after kill"      quadlet_up
t "poweroff"                          "$SB" poweroff "$DIR"
t "poweroff: status stopped"          rc_is 3 "$SB" status "$DIR"
t "boot after poweroff"               "$SB" boot "$DIR"
t "quadlet unit back after poweroff"  quadlet_up
t "stale pid file ignored"            bash -c "'$SB' kill '$DIR' && echo \$\$ > '$DIR.pid' && '$SB' boot '$DIR'"
t "quadlet unit back after stale pid" quadlet_up
t "kill again"                        "$SB" kill "$DIR"
t "no mounts on host"                 no_host_mounts

echo "selftest: $passed passed, $failed failed"
[[ $failed == 0 ]]
