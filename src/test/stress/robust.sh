#!/usr/bin/env bash
# robust.sh - crash-safety and race drivers for ccy, run INSIDE the test sandbox as its user
# (RobustnessIT copies it in and runs it; stress.sh beside it runs the full counts).
#
# Usage (as dev in the sandbox):
#   robust.sh setup                   a bystander session that must survive everything
#   robust.sh check LABEL             the invariants below; prints "VIOLATION ..." lines
#   robust.sh named [all|ci|WORD]     kill -9 ccy at every named pause point of new/start/stop/rm/prune/persist/
#                                     upgrade/secret set/new and rm --worktree (ci: the points of NAMED_CI; WORD:
#                                     the points of the operations whose name holds it)
#   robust.sh random N SEED           N runs of a random command killed at a random moment
#   robust.sh race-new N SPREAD       N `ccy new --detach` at once, over SPREAD worktrees (1: one worktree)
#   robust.sh race-rm-attach N        N times: ccy rm and ccy attach of one session at once
#   robust.sh race-prune-start N      N times: ccy prune and ccy start of one stopped session at once
#   robust.sh race-upgrade N          N times: two `ccy upgrade --all` at once, after a settings change
#   robust.sh booted LABEL            after a boot: no session needed an automatic restart to come back
#   robust.sh sweep                   remove every session but the bystander
# Each prints one "FIGURE key=value ..." line; the exit status is 0 even with violations (the
# caller counts them).
#
# Invariants after every fault, once the next ccy command (which takes ccy's lock) ran:
#   - that command ran within 60 s (no lock left blocking it)
#   - no temp file of a unit in the Quadlet directory; every unit file whole (label, last line)
#   - every unit file has its state directory, and every state directory its unit file, or
#     `ccy prune --dry-run` names it for removal (the repair ccy offers)
#   - every ccy-* container has its unit file
#   - the bystander session still runs, and so does every session that ran before an operation
#     that is not meant to stop it (new, start, persist, upgrade, secret set)
#   - every Secret= a unit names exists; every session's environment secret has its unit, or
#     `ccy prune --dry-run` names it; `ccy secret set` left the old value or the new one, whole
#   - `ccy list --all --json` and `systemctl --user` agree on every session's state, and every
#     active ccy-* unit is listed
#   - worktrees of ccy new --worktree (in the repository $W/repo): every one git lists has a session
#     or `ccy prune --dry-run` names it, no session works in a vanished one, and git has nothing
#     to prune (`git worktree list` and ccy agree)
set -uo pipefail
IMG=${CCY_TEST_IMAGE:-localhost/ccy-test:latest}
Q=$HOME/.config/containers/systemd
S=$HOME/.local/share/ccy/sessions
W=$HOME/work
BYSTANDER=ccy-keep-1
AGENT=(bash -c 'echo agent-up; exec bash')
VIOLATIONS=0
FAULTS=0

viol() { echo "VIOLATION [$LABEL] $*"; VIOLATIONS=$((VIOLATIONS + 1)); }

worktree() {  # worktree NAME: a git worktree on branch main
    local d=$W/$1
    [ -d "$d/.git" ] || { mkdir -p "$d/.git" && echo 'ref: refs/heads/main' > "$d/.git/HEAD"; }
    echo "$d"
}

new() {  # new DIR [options]: ccy new --detach in DIR
    local d=$1; shift
    (cd "$d" && ccy new --detach --image "$IMG" "$@" -- "${AGENT[@]}")
}

REPO=$W/repo
repo() {  # a real git repository for ccy new --worktree
    [ -d "$REPO/.git" ] || { git init -q -b main "$REPO" && git -C "$REPO" -c user.name=rb -c user.email=rb@example.invalid \
        commit -q --allow-empty -m start; }
    echo "$REPO"
}

sessions() { for f in "$Q"/ccy-*.container; do [ -e "$f" ] && basename "$f" .container; done; }

active() { [ "$(systemctl --user show -P ActiveState "$1.service" 2>/dev/null)" = active ]; }

settle() {  # waits until no ccy unit is on its way up or down (a killed ccy's job goes on)
    # a boot's start jobs first: the user manager says "running" (or "degraded") once they are done
    timeout 60 systemctl --user is-system-running --wait > /dev/null 2>&1
    local i
    for i in $(seq 300); do
        pending || return 0
        sleep 0.2
    done
}

# pending: some ccy unit has a job queued or running, or is activating (which includes the pause
# before an automatic restart: SubState auto-restart), deactivating or reloading
pending() {
    systemctl --user list-jobs --plain --no-legend 2>/dev/null | awk '{print $2}' | grep -q '^ccy-' && return 0
    systemctl --user list-units --all --plain --no-legend 'ccy-*' 2>/dev/null \
        | awk '{print $3}' | grep -qE '^(activating|deactivating|reloading)$'
}

# why_down UNIT: what systemd and podman say about a session that should run, on one line
why_down() {
    local u=$1.service job
    job=$(systemctl --user list-jobs --plain --no-legend 2>/dev/null | awk -v u="$u" '$2 == u {print $3 "/" $4}')
    printf 'state %s, job %s, container %s; journal: %s' \
        "$(systemctl --user show -P ActiveState "$u")/$(systemctl --user show -P SubState "$u")/$(systemctl --user show -P Result "$u") restarts $(systemctl --user show -P NRestarts "$u")" \
        "${job:-none queued}" \
        "$(podman ps -a --filter "name=^$1\$" --format '{{.Status}}' 2>&1 | head -1)" \
        "$(journalctl --user -u "$u" -b -n 30 --no-pager -o short-precise 2>&1 | cut -c1-300 | tr '\n' '|')"
}

check() {
    LABEL=$1
    settle
    local f name state d
    if ! timeout 60 ccy prune --dry-run > /tmp/rb.prune 2>&1; then
        viol "the next command (ccy prune --dry-run) failed or was blocked: $(head -c 300 /tmp/rb.prune | tr '\n' '|')"
    fi
    grep -q 'Exception\|^\s*at dev\.ccy' /tmp/rb.prune && viol "stack trace: $(head -c 300 /tmp/rb.prune)"
    for f in "$Q"/.ccy-*.tmp; do [ -e "$f" ] && viol "temp file left: $f"; done
    for f in "$Q"/ccy-*.container; do
        [ -e "$f" ] || continue
        name=$(basename "$f" .container)
        grep -qxF "Label=\"ccy.session=$name\"" "$f" || viol "unit $name has no ccy.session label (half-written?)"
        # whole: ends in a newline, has its [Install] line, and its [X-Ccy] stamp if it has that section
        { [ -z "$(tail -c1 "$f")" ] && grep -qx 'WantedBy=default.target' "$f" \
            && { ! grep -qx '\[X-Ccy\]' "$f" || grep -q '^Inputs=' "$f"; }; } || viol "unit $name is truncated"
        state=$(sed -n 's|^Volume=\(.*\):/ccy/state:Z$|\1|p' "$f")
        [ -d "$state" ] || viol "unit $name has no state directory ($state)"
    done
    ORPHANS=0
    for d in "$S"/*; do
        [ -d "$d" ] || continue
        grep -qsF "Volume=$d:/ccy/state:Z" "$Q"/ccy-*.container && continue
        if grep -qF "$d" /tmp/rb.prune; then ORPHANS=$((ORPHANS + 1)); else viol "state directory $d has no unit and prune does not name it"; fi
    done
    for c in $(podman ps -a --format '{{.Names}}' 2>/dev/null); do
        case $c in ccy-*) [ -f "$Q/$c.container" ] || viol "container $c has no unit file" ;; esac
    done
    active "$BYSTANDER" || viol "the bystander $BYSTANDER is not running: $(why_down "$BYSTANDER")"
    # sessions running before an operation that must not stop them (run_op writes the list)
    if [ -s /tmp/rb.keep-running ]; then
        while read -r s; do
            [ -f "$Q/$s.container" ] && ! active "$s" && viol "$s ran before and is not running now: $(why_down "$s")"
        done < /tmp/rb.keep-running
        : > /tmp/rb.keep-running
    fi
    secrets_whole
    worktrees_whole
    agree
}

worktrees_whole() {  # the worktree invariants (see the header)
    [ -d "$REPO/.git" ] || return 0
    local wt
    for wt in $(git -C "$REPO" worktree list --porcelain | sed -n 's/^worktree //p' | tail -n +2); do
        grep -qsF "Label=\"ccy.worktree=$wt\"" "$Q"/ccy-*.container && continue
        grep -qF "$wt" /tmp/rb.prune || viol "worktree $wt has no session and prune does not name it"
    done
    for wt in $(sed -n 's|^Label="ccy.worktree=\('"$REPO"'-[^"]*\)"$|\1|p' "$Q"/ccy-*.container 2>/dev/null); do
        [ -d "$wt" ] || viol "a session works in the vanished worktree $wt"
    done
    [ -z "$(git -C "$REPO" worktree prune --dry-run -v 2>&1)" ] || viol "git would prune: $(git -C "$REPO" worktree prune --dry-run -v 2>&1 | head -c 200)"
}

secrets_whole() {  # the secrets invariants (see the header)
    local have sec
    have=$(podman secret ls --noheading --format '{{.Name}}' 2>/dev/null)
    for sec in $(sed -n 's/^Secret=\([^,]*\),.*/\1/p' "$Q"/ccy-*.container 2>/dev/null | sort -u); do
        grep -qxF "$sec" <<< "$have" || viol "a unit names the secret $sec, which does not exist (its next start fails)"
    done
    for sec in $(grep '^ccy-env-' <<< "$have"); do
        owner=$(podman secret inspect --format '{{index .Spec.Labels "ccy.session"}}' "$sec" 2>/dev/null)
        [ -f "$Q/$owner.container" ] && continue
        grep -qF "$sec" /tmp/rb.prune || viol "secret $sec of $owner has no unit and prune does not name it"
    done
    if [ -s /tmp/rb.secret.expect ]; then
        local got
        got=$(podman secret inspect --showsecret --format '{{.SecretData}}' rb-secret 2>/dev/null)
        grep -qxF -- "$got" /tmp/rb.secret.expect || viol "ccy secret set left rb-secret as '$got', neither the old value nor the new"
    fi
}

agree() {  # ccy list --all and systemctl --user agree
    if ! ccy list --all --json > /tmp/rb.json 2>/tmp/rb.json.err; then
        viol "ccy list failed: $(head -c 300 /tmp/rb.json.err)"
        return
    fi
    systemctl --user list-units --all --plain --no-legend 'ccy-*' > /tmp/rb.units 2>/dev/null
    python3 - /tmp/rb.json /tmp/rb.units "$LABEL" <<'EOF'
import json, subprocess, sys
listed = json.load(open(sys.argv[1]))
want = {"active": "running", "reloading": "running", "activating": "starting", "deactivating": "stopping",
        "inactive": "stopped", "failed": "failed"}
names = set(s["unit"] for s in listed)
states = {}
if names:
    out = subprocess.run(["systemctl", "--user", "show", "-p", "Id,ActiveState", "--"] + sorted(names),
                         capture_output=True, text=True).stdout
    for block in out.strip().split("\n\n"):
        kv = dict(l.split("=", 1) for l in block.splitlines() if "=" in l)
        states[kv.get("Id")] = kv.get("ActiveState")
for s in listed:
    st = states.get(s["unit"])
    if want.get(st) != s["status"]:
        print(f"VIOLATION [{sys.argv[3]}] ccy list says {s['session']} is {s['status']}, systemctl says {st}")
for line in open(sys.argv[2]):
    f = line.split()
    if len(f) >= 3 and f[2] in ("active", "activating") and f[0] not in names:
        print(f"VIOLATION [{sys.argv[3]}] {f[0]} is {f[2]} in systemctl but not in ccy list --all")
EOF
}

run_check() {  # run_check LABEL: check, counting the violations it prints
    local out
    out=$(check "$1")
    [ -n "$out" ] && echo "$out"
    VIOLATIONS=$((VIOLATIONS + $(printf '%s' "$out" | grep -c '^VIOLATION')))
}

# kill_at POINT CMD...: runs ccy CMD with a pause at POINT, kills it there with SIGKILL.
# Prints "reached" or "ended" (the command finished without passing the point).
kill_at() {
    local point=$1 pid i; shift
    : > /tmp/rb.err
    CCY_TEST_PAUSE=$point CCY_TEST_PAUSE_MS=120000 "$@" > /tmp/rb.out 2>/tmp/rb.err < "${RB_STDIN:-/dev/null}" &
    pid=$!
    for i in $(seq 600); do
        grep -q "^ccy-test-pause $point" /tmp/rb.err && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    if grep -q "^ccy-test-pause $point" /tmp/rb.err; then
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        echo reached
    else
        wait "$pid" 2>/dev/null
        echo ended
    fi
}

setup() {
    LABEL=setup
    local d; d=$(worktree keep)
    sessions | grep -qx "$BYSTANDER" || new "$d" > /dev/null || { echo "VIOLATION [setup] cannot create the bystander"; exit 1; }
    worktree crash > /dev/null
    echo "FIGURE setup bystander=$BYSTANDER"
}

# A session of the crash worktree in the state an operation needs.
running_one() {
    local s
    for s in $(sessions); do [ "$s" != "$BYSTANDER" ] && active "$s" && ! [ -e "$(statedir "$s")/ephemeral" ] && { echo "$s"; return; }; done
    new "$(worktree crash)" 2>/dev/null | tail -n1
}
stopped_one() {
    local s
    for s in $(sessions); do [ "$s" != "$BYSTANDER" ] && ! active "$s" && { echo "$s"; return; }; done
    s=$(running_one); ccy stop "$s" > /dev/null 2>&1; echo "$s"
}
ephemeral_one() {
    local s
    for s in $(sessions); do [ -e "$(statedir "$s")/ephemeral" ] && active "$s" && { echo "$s"; return; }; done
    new "$(worktree crash)" --ephemeral 2>/dev/null | tail -n1
}
worktree_one() {  # a session ccy made a worktree for
    local s
    for s in $(sessions); do grep -qF "ccy.worktree=$REPO-" "$Q/$s.container" && { echo "$s"; return; }; done
    (cd "$(repo)" && ccy new --detach --image "$IMG" --worktree "rb$RANDOM" -- "${AGENT[@]}" 2>/dev/null | tail -n1)
}
statedir() { sed -n 's|^Volume=\(.*\):/ccy/state:Z$|\1|p' "$Q/$1.container" 2>/dev/null; }

# The points each command passes (see TestPause in the sources, grep TestPause.at). To cover
# another command: add an op to op_cmd (and before_op if it must not stop sessions), and its points here.
NAMED=(
    "new:store.locked" "new:store.create.temp" "new:store.create.linked" "new:systemd.reload" "new:systemd.start"
    "new:systemd.start.queued" "new:write.temp"
    "new-ephemeral:write.temp" "new-ephemeral:store.create.linked" "new-ephemeral:systemd.start.queued"
    "start:state.clear" "start:systemd.start" "start:systemd.start.queued" "start:write.temp"
    "stop:state.mark" "stop:write.temp" "stop:systemd.stop" "stop:systemd.stop.queued"
    "stop-ephemeral:systemd.stop.queued"
    "rm:systemd.stop" "rm:systemd.stop.queued" "rm:store.locked" "rm:store.delete" "rm:systemd.reload" "rm:delete-tree.file"
    "prune:systemd.stop" "prune:store.locked" "prune:store.delete" "prune:systemd.reload" "prune:delete-tree.file"
    "persist:state.clear"
    "upgrade:secret.create" "upgrade:write.temp" "upgrade:systemd.reload" "upgrade-all:write.temp" "upgrade-all:systemd.reload"
    "upgrade-restart:systemd.restart" "upgrade-restart:systemd.restart.queued"
    "new-env:secret.create" "new-env:store.create.temp"
    "secret-set:secret.set"
    "new-worktree:worktree.record" "new-worktree:store.locked" "new-worktree:worktree.added" "new-worktree:store.create.linked"
    "new-worktree:systemd.start.queued" "rm-worktree:store.delete" "rm-worktree:worktree.remove" "rm-worktree:worktree.removed"
)

# CI's share: for each command the points where a kill leaves the most to repair
NAMED_CI=(
    "new:store.create.linked" "new:systemd.reload" "new:systemd.start.queued" "new-ephemeral:write.temp"
    "start:state.clear" "stop:state.mark" "stop:systemd.stop.queued" "rm:store.delete" "rm:delete-tree.file"
    "prune:systemd.reload" "persist:state.clear"
    "upgrade:secret.create" "upgrade-restart:systemd.restart.queued" "new-env:store.create.temp" "secret-set:secret.set"
    "new-worktree:worktree.added" "rm-worktree:worktree.remove"
)

op_cmd() {  # op_cmd OP: the ccy command line for an operation, on a session in the state it needs
    case $1 in
        new) echo "new" ;;
        new-ephemeral) echo "new --ephemeral" ;;
        start) echo "start $(stopped_one)" ;;
        stop) echo "stop $(running_one)" ;;
        stop-ephemeral) echo "stop $(ephemeral_one)" ;;
        rm) echo "rm $(stopped_one)" ;;
        prune) stopped_one > /dev/null; echo "prune" ;;
        persist) echo "persist $(ephemeral_one)" ;;
        new-env) echo "new --env RB_ENV=value-$RANDOM" ;;
        upgrade) running_one > /dev/null; settings_change; echo "upgrade $(running_one)" ;;
        upgrade-all) settings_change; echo "upgrade --all" ;;
        upgrade-restart) running_one > /dev/null; settings_change; echo "upgrade --restart $(running_one)" ;;
        secret-set) echo "secret set rb-secret" ;;
        new-worktree) echo "new-wt --worktree rb$RANDOM" ;;
        rm-worktree) echo "rm $(worktree_one)" ;;
    esac
}

# A change in the user's settings that changes every unit (ccy upgrade then has work): a new
# limits.pids, and a static variable, which every session keeps in a secret of its own.
settings_change() {
    local n=$((1000 + RANDOM % 3000))
    mkdir -p ~/.config/ccy
    printf '[limits]\npids = %d\n[env]\nRB_ROUND = "%d"\n' "$n" "$n" > ~/.config/ccy/config.toml.tmp
    mv ~/.config/ccy/config.toml.tmp ~/.config/ccy/config.toml
}

# What the invariants need to know about an operation before it runs: the sessions that must
# still run after it, and for secret set the two values the secret may have afterwards.
before_op() {  # before_op OP
    case $1 in
        new*|start|persist|upgrade*|secret-set)
            for s in $(sessions); do active "$s" && echo "$s"; done > /tmp/rb.keep-running ;;
        *) : > /tmp/rb.keep-running ;;
    esac
    : > /tmp/rb.secret.expect
    if [ "$1" = secret-set ]; then
        local old=old-$RANDOM$RANDOM
        printf %s "$old" | ccy secret set rb-secret > /dev/null 2>&1
        printf '%s\nnew-%s\n' "$old" "$old" > /tmp/rb.secret.expect
    fi
}

run_op() {  # run_op POINT OP: runs the operation (with a pause point) and kills it there
    local point=$1 op=$2 words
    read -r -a words <<< "$(op_cmd "$op")"
    before_op "$op"
    case ${words[0]} in
        new) (cd "$(worktree crash)" && kill_at "$point" ccy new --detach --image "$IMG" "${words[@]:1}" -- "${AGENT[@]}") ;;
        new-wt) (cd "$(repo)" && kill_at "$point" ccy new --detach --image "$IMG" "${words[@]:1}" -- "${AGENT[@]}") ;;
        secret) sed -n 2p /tmp/rb.secret.expect | tr -d '\n' > /tmp/rb.secret.new
                RB_STDIN=/tmp/rb.secret.new kill_at "$point" ccy "${words[@]}" ;;
        *) kill_at "$point" ccy "${words[@]}" ;;
    esac
}

named() {
    local item op point got reached=0 ended=0 points=("${NAMED[@]}")
    [ "${1:-all}" = ci ] && points=("${NAMED_CI[@]}")
    # an operation's name: only its points (WorktreeSessionsIT runs "named worktree")
    case ${1:-all} in all|ci) ;; *) read -r -a points <<< "$(printf '%s\n' "${NAMED[@]}" | grep -- "$1" | tr '\n' ' ')" ;; esac
    for item in "${points[@]}"; do
        op=${item%%:*} point=${item#*:}
        got=$(run_op "$point" "$op")
        if [ "$got" = reached ]; then reached=$((reached + 1)); else ended=$((ended + 1)); echo "note: $op ended before $point"; fi
        FAULTS=$((FAULTS + 1))
        run_check "named $op@$point"
        keep_small
    done
    rm -f ~/.config/ccy/config.toml ~/.config/ccy/config.toml.tmp
    echo "FIGURE named points=${#points[@]} killed=$reached not_reached=$ended violations=$VIOLATIONS"
}

keep_small() {  # at most 6 sessions besides the bystander: rm the surplus (not a fault)
    local s n=0
    for s in $(sessions); do
        [ "$s" = "$BYSTANDER" ] && continue
        n=$((n + 1))
        [ $n -gt 6 ] && ccy rm "$s" > /dev/null 2>&1
    done
}

random_kills() {
    local n=$1 seed=$2 i op delay words pid
    local ops=(new new-ephemeral start stop stop-ephemeral rm prune persist upgrade upgrade-all new-env secret-set)
    RANDOM=$seed
    for i in $(seq "$n"); do
        op=${ops[RANDOM % ${#ops[@]}]}
        delay=$((150 + RANDOM % 2500))
        read -r -a words <<< "$(op_cmd "$op")"
        before_op "$op"
        if [ "${words[0]}" = new ]; then
            (cd "$(worktree crash)" && exec ccy new --detach --image "$IMG" "${words[@]:1}" -- "${AGENT[@]}") > /dev/null 2>&1 &
        elif [ "${words[0]}" = secret ]; then
            sed -n 2p /tmp/rb.secret.expect | tr -d '\n' > /tmp/rb.secret.new
            ccy "${words[@]}" < /tmp/rb.secret.new > /dev/null 2>&1 &
        else
            ccy "${words[@]}" > /dev/null 2>&1 &
        fi
        pid=$!
        sleep "$(printf '0.%03d' $((delay % 1000)))"; [ $delay -ge 1000 ] && sleep $((delay / 1000))
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        FAULTS=$((FAULTS + 1))
        run_check "random #$i $op after ${delay} ms"
        keep_small
    done
    rm -f ~/.config/ccy/config.toml ~/.config/ccy/config.toml.tmp
    echo "FIGURE random runs=$n seed=$seed faults=$FAULTS violations=$VIOLATIONS"
}

race_new() {
    local n=$1 spread=$2 i pids=() dirs=() ok=0 names
    LABEL="race-new $n over $spread"
    sweep > /dev/null
    for i in $(seq "$n"); do dirs+=("$(worktree "race$(( (i - 1) % spread ))")"); done
    for i in $(seq "$n"); do
        new "${dirs[i-1]}" > "/tmp/rb.race.$i" 2>&1 &
        pids+=($!)
    done
    for i in $(seq "$n"); do wait "${pids[i-1]}" && ok=$((ok + 1)); done
    names=$(for i in $(seq "$n"); do tail -n1 "/tmp/rb.race.$i"; done | sort -u | grep -c '^ccy-')
    local up=0 s
    for s in $(for i in $(seq "$n"); do tail -n1 "/tmp/rb.race.$i"; done | sort -u); do active "$s" && up=$((up + 1)); done
    [ "$ok" = "$n" ] || viol "$((n - ok)) of $n ccy new failed: $(cat /tmp/rb.race.* | grep -v '^ccy-' | head -3 | tr '\n' '|')"
    [ "$names" = "$n" ] || viol "$n ccy new gave $names distinct sessions"
    [ "$up" = "$n" ] || viol "$up of $n sessions running"
    run_check "race-new $n over $spread"
    echo "FIGURE race-new parallel=$n worktrees=$spread succeeded=$ok distinct=$names running=$up violations=$VIOLATIONS"
    sweep > /dev/null
}

race_rm_attach() {
    local n=$1 i s a r
    for i in $(seq "$n"); do
        s=$(running_one)
        script -qec "timeout 20 ccy attach $s" /dev/null > /tmp/rb.attach 2>&1 &
        a=$!
        sleep "0.$((RANDOM % 10))"
        ccy rm "$s" > /tmp/rb.rm 2>&1; r=$?
        wait "$a"
        grep -q 'Exception' /tmp/rb.attach /tmp/rb.rm && viol "stack trace in rm/attach race"
        FAULTS=$((FAULTS + 1))
        run_check "race rm/attach #$i (rm exit $r)"
    done
    echo "FIGURE race-rm-attach races=$n violations=$VIOLATIONS"
}

race_prune_start() {
    local n=$1 i s p st
    for i in $(seq "$n"); do
        s=$(stopped_one)
        ccy prune > /tmp/rb.prune.out 2>&1 &
        p=$!
        sleep "0.$((RANDOM % 8))"
        ccy start "$s" > /tmp/rb.start 2>&1; st=$?
        wait "$p"
        grep -q 'Exception' /tmp/rb.prune.out /tmp/rb.start && viol "stack trace in prune/start race"
        FAULTS=$((FAULTS + 1))
        run_check "race prune/start #$i (start exit $st)"
    done
    echo "FIGURE race-prune-start races=$n violations=$VIOLATIONS"
}

race_upgrade() {
    local n=$1 i a b ra rb s total=0 once=0
    for i in $(seq "$n"); do
        LABEL="race-upgrade #$i"
        stopped_one > /dev/null
        running_one > /dev/null
        ephemeral_one > /dev/null
        before_op upgrade-all
        settings_change
        ccy upgrade --all > /tmp/rb.up1 2>&1 &
        a=$!
        ccy upgrade --all > /tmp/rb.up2 2>&1 &
        b=$!
        wait "$a"; ra=$?
        wait "$b"; rb=$?
        [ "$ra" = 0 ] && [ "$rb" = 0 ] || viol "two upgrade --all at once exited $ra and $rb: $(cat /tmp/rb.up1 /tmp/rb.up2 | grep ccy: | head -3 | tr '\n' '|')"
        grep -q 'Exception' /tmp/rb.up1 /tmp/rb.up2 && viol "stack trace in the upgrade race"
        # each session upgraded by exactly one of the two; the other found it current
        for s in $(sessions); do
            total=$((total + 1))
            case $(cat /tmp/rb.up1 /tmp/rb.up2 | grep -c "^$s\( ([^)]*)\)\?: upgraded") in
                1) once=$((once + 1)) ;;
                *) viol "$s upgraded $(cat /tmp/rb.up1 /tmp/rb.up2 | grep -c "^$s\( ([^)]*)\)\?: upgraded") times: $(grep -h "^$s" /tmp/rb.up1 /tmp/rb.up2 | tr '\n' '|')" ;;
            esac
        done
        ccy upgrade --all --dry-run 2>&1 | grep -v ': current$' | grep . && viol "sessions still outdated after the race"
        FAULTS=$((FAULTS + 1))
        run_check "race-upgrade #$i"
    done
    rm -f ~/.config/ccy/config.toml
    echo "FIGURE race-upgrade races=$n upgrades=$((2 * n)) sessions=$total upgraded_once=$once violations=$VIOLATIONS"
}

booted() {  # after a boot: every session came back at its first start, none by systemd's restart
    LABEL=$1
    settle
    local s n all=0 restarted=0
    for s in $(sessions); do
        all=$((all + 1))
        n=$(systemctl --user show -P NRestarts "$s.service" 2>/dev/null)
        [ "${n:-0}" = 0 ] && continue
        restarted=$((restarted + 1))
        viol "$s failed its start at boot and came back only by $n automatic restart(s): $(why_down "$s")"
    done
    active "$BYSTANDER" || viol "the bystander $BYSTANDER is not running: $(why_down "$BYSTANDER")"
    echo "FIGURE booted sessions=$all restarted=$restarted violations=$VIOLATIONS"
}

sweep() {
    local s rm=()
    for s in $(sessions); do [ "$s" != "$BYSTANDER" ] && rm+=("$s"); done
    [ ${#rm[@]} -eq 0 ] || ccy rm "${rm[@]}" > /dev/null 2>&1
    ccy prune > /dev/null 2>&1
    echo "FIGURE sweep removed=${#rm[@]}"
}

LABEL=main
case ${1:-} in
    setup) setup ;;
    check) check "${2:-check}"; echo "FIGURE check violations=$VIOLATIONS orphans=${ORPHANS:-0}" ;;
    named) named "${2:-all}" ;;
    random) random_kills "${2:-10}" "${3:-1}" ;;
    race-new) race_new "${2:-20}" "${3:-1}" ;;
    race-rm-attach) race_rm_attach "${2:-3}" ;;
    race-prune-start) race_prune_start "${2:-3}" ;;
    race-upgrade) race_upgrade "${2:-3}" ;;
    booted) booted "${2:-booted}" ;;
    sweep) sweep ;;
    *) sed -n '2,/^set -uo/p' "$0" >&2; exit 2 ;;
esac
exit 0
