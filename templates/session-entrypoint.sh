#!/bin/sh
# ccy session entrypoint, mounted read-only into every session container by ccy, so any image
# that has sh and tmux works. It runs the agent command in tmux session "main" and stays in the
# foreground for as long as that session lives, because the container lives as long as we do.
set -u
: "${LANG:=C.UTF-8}" "${TERM:=xterm-256color}"
export LANG TERM
cd /workspace 2>/dev/null || cd /
[ "$#" -gt 0 ] || set -- "${SHELL:-/bin/sh}"

# ccy stop / shutdown: end tmux (and with it the agent) at once, not after podman's kill timeout.
# PID 1 gets no default signal handling, so without this trap SIGTERM would be ignored.
trap 'tmux kill-server 2>/dev/null; exit 0' TERM INT HUP

# tmux runs a single-word command through sh -c; going through sh with "$@" keeps every
# argument exactly as given. The agent's exit status is kept so that a crash (non-zero) makes
# the container fail and systemd restart it, and a clean exit ends the session for good.
status=/tmp/.ccy-agent-status
rm -f "$status"
tmux new-session -d -s main -x 200 -y 50 -c "$PWD" -- \
    sh -c '"$@"; echo $? > '"$status" ccy-agent "$@" || exit 1

# "wait-for" on a channel nobody signals returns when the tmux server exits, i.e. when the
# session has ended. Run it in the background so the trap can fire while we wait.
tmux wait-for ccy-session-ended &
wait $!
exit "$(cat "$status" 2>/dev/null || echo 0)"
