#!/usr/bin/env bash
# stress.sh - the full counts of issue 13's crash, race and reboot tests (CI runs reduced ones):
# ccy killed at every named point (new, start, stop, rm, prune, persist, upgrade, secret set) and at
# 100 random moments, 20 `ccy new` at once in one worktree
# and across 20, 10 rm/attach, 10 prune/start and 5 two-upgrade races, 10 power losses and 10 clean
# shutdowns (each with a ccy new under way). As root, from the repository (the sandbox needs root);
# takes about an hour on 2 busy cores.
#   src/test/stress/stress.sh            build, then run RobustnessIT with CCY_STRESS=full
# Every test prints a "RobustnessIT: ..." figure line; they are collected at the end.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../../.."
log=target/stress.log
mkdir -p target
CCY_STRESS=full nice mvn -B verify -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=RobustnessIT 2>&1 | tee "$log" | grep -E 'RobustnessIT:|Tests run|FAIL|BUILD' || true
echo "--- figures (also in $log)"
grep -h 'RobustnessIT:' "$log" target/failsafe-reports/*RobustnessIT-output.txt 2>/dev/null | sort -u
grep -q 'BUILD SUCCESS' "$log"
