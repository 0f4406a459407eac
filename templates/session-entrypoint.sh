#!/bin/sh
# ccy session entrypoint, mounted read-only into every session container by ccy (and baked into
# ccy's image), so any image that has sh and tmux works. It runs the agent in tmux session "main"
# and stays in the foreground for as long as that session lives, because the container lives as
# long as we do.
#
#   CCY_STATE       the session's persistent directory (default /ccy/state); HOME lives in it
#   CCY_RESUME_CMD  shell command run instead of the agent when the session ran before
#                   (after a reboot, a crash or ccy start), e.g. claude --continue
set -u
: "${LANG:=C.UTF-8}" "${TERM:=xterm-256color}"
export LANG TERM
state=${CCY_STATE:-/ccy/state}
[ -n "${HOME:-}" ] && mkdir -p "$HOME" 2>/dev/null
cd /workspace 2>/dev/null || cd /
[ "$#" -gt 0 ] || set -- "${SHELL:-/bin/sh}"

# ccy stop / shutdown: end tmux (and with it the agent) at once, not after podman's kill timeout.
# PID 1 gets no default signal handling, so without this trap SIGTERM would be ignored.
trap 'tmux kill-server 2>/dev/null; exit 0' TERM INT HUP

# A session that ran before resumes: the marker lives in the persistent state, not the container.
if [ -e "$state/started" ] && [ -n "${CCY_RESUME_CMD:-}" ]; then
    set -- sh -c "$CCY_RESUME_CMD"
fi
mkdir -p "$state" 2>/dev/null && date > "$state/started"

# When the agent exits, the window becomes an interactive shell in the workspace: the session
# stays, and exiting that shell ends it. Going through sh with "$@" keeps every argument exactly
# as given (tmux would run a single word through sh -c and split it).
shell=$(command -v bash 2>/dev/null || echo /bin/sh)
tmux new-session -d -s main -x 200 -y 50 -c "$PWD" -- sh -c '
    "$@"
    echo "[ccy] the agent exited with status $?: this is a shell in $PWD, exit ends the session"
    exec "$0" -l' "$shell" "$@" || exit 1

# "wait-for" on a channel nobody signals returns when the tmux server exits, i.e. when the
# session has ended. Run it in the background so the trap can fire while we wait.
tmux wait-for ccy-session-ended &
wait $!
# The session was ended on purpose (the shell exited): a clean exit, which systemd does not
# restart. A crash (the container killed) exits non-zero without us, and systemd restarts it.
exit 0
