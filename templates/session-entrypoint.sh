#!/bin/sh
# ccy session entrypoint, mounted read-only into every session container by ccy (and baked into
# ccy's image), so any image that has sh and tmux works. It runs the agent in tmux session "main"
# and stays in the foreground for as long as that session lives, because the container lives as
# long as we do.
#
#   CCY_STATE       the session's persistent directory (default /ccy/state); HOME lives in it
#   CCY_RESUME_CMD  shell command run instead of the agent when the session ran before
#                   (after a reboot, a crash or ccy start), e.g. claude --continue
#
# It writes into the state directory: "started" (the agent ran once: later starts resume),
# "stopped" (the user ended the session with exit: it stays down until ccy start) and
# "clients" (how many tmux clients are attached, for ccy list).
set -u
: "${LANG:=C.UTF-8}" "${TERM:=xterm-256color}"
export LANG TERM
CCY_STATE=${CCY_STATE:-/ccy/state}
state=$CCY_STATE
say() { echo "[ccy] $*" >&2; }
if [ ! -w "$state" ]; then
    say "the session state $state is not writable: the agent keeps nothing across restarts"
fi
if [ -n "${HOME:-}" ] && ! mkdir -p "$HOME" 2>/dev/null; then
    say "cannot create HOME=$HOME; using /tmp/ccy-home, which does not survive a restart"
    HOME=/tmp/ccy-home
    mkdir -p "$HOME"
    export HOME
fi
cd /workspace 2>/dev/null || cd /
[ "$#" -gt 0 ] || set -- "${SHELL:-/bin/sh}"

# ccy stop / shutdown: end tmux (and with it the agent) at once, not after podman's kill timeout.
# PID 1 gets no default signal handling, so without this trap SIGTERM would be ignored.
trap 'tmux kill-server 2>/dev/null; exit 0' TERM INT HUP

# A session that ran before resumes. The marker lives in the persistent state, and is written
# only once the agent is about to run, so a start that failed earlier does not count.
if [ -e "$state/started" ] && [ -n "${CCY_RESUME_CMD:-}" ]; then
    set -- sh -c "$CCY_RESUME_CMD"
fi
CCY_ENDED=/tmp/.ccy-session-ended
rm -f "$CCY_ENDED"
# the session's shell inherits these (tmux starts with this environment)
export CCY_STATE CCY_ENDED

# When the agent exits, the window becomes an interactive shell in the workspace: the session
# stays, and exiting that shell ends it (marked, so that we can tell it from a crash of tmux).
# Going through sh with "$@" keeps every argument exactly as given (tmux would run a single word
# through sh -c and split it). -i, not -l: a login shell's /etc/profile would reset the PATH
# that the image set.
# focus-events: Claude Code asks for it (it tracks focus), and it costs nothing otherwise. Set in the
# same tmux command, before the session, so the agent's first look at it already sees it on.
shell=$(command -v bash 2>/dev/null || echo /bin/sh)
tmux start-server \; set-option -g focus-events on \; new-session -d -s main -x 200 -y 50 -c "$PWD" -- sh -c '
    date > "$CCY_STATE/started" 2>/dev/null
    "$@"
    echo "[ccy] the agent exited with status $?: this is a shell in $PWD, exit ends the session"
    "$0" -i
    touch "$CCY_ENDED"
    echo exit > "$CCY_STATE/stopped" 2>/dev/null' "$shell" "$@" || exit 1

# ccy list shows how many clients are attached: tmux counts them whenever one comes or goes. The
# hooks may run at the same time (exclusive attach detaches several), hence a temp file each; and
# they must never fail or print, or tmux would show that in every client.
echo 0 > "$state/clients" 2>/dev/null
count='n=$(tmux list-clients -t main 2>/dev/null | wc -l); echo $n > "$CCY_STATE/.clients.$$" 2>/dev/null && mv -f "$CCY_STATE/.clients.$$" "$CCY_STATE/clients" 2>/dev/null; true'
tmux set-hook -g client-attached "run-shell -b '$count'" \; set-hook -g client-detached "run-shell -b '$count'" 2>/dev/null

# "wait-for" on a channel nobody signals returns when the tmux server exits, i.e. when the
# session has ended. Run it in the background so the trap can fire while we wait.
tmux wait-for ccy-session-ended &
wait $!
echo 0 > "$state/clients" 2>/dev/null
# Ended on purpose (the shell exited): a clean exit, which systemd does not restart, and the
# "stopped" marker written above keeps it down at boot until ccy start. Anything else (tmux died,
# the container was killed) is a crash, and systemd restarts the session.
[ -e "$CCY_ENDED" ] && exit 0
say "tmux ended without the session being ended: treating it as a crash"
exit 1
