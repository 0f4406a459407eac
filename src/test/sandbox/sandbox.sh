#!/usr/bin/env bash
# sandbox.sh - build and boot a real Debian trixie system (systemd as PID 1, logind, a lingering
# user manager, rootless podman + Quadlet, tmux) inside namespaces, for the project's system tests.
#
# Usage (all subcommands need root):
#   sandbox.sh check                      exit 0 if this machine can do it, else 1 + one reason line
#   sandbox.sh build                      ensure the cached golden rootfs; prints its path
#   sandbox.sh fresh DIR                  DIR := writable copy of the golden rootfs
#   sandbox.sh boot DIR                   boot DIR in the background, wait until it is up
#   sandbox.sh run DIR [--root|--env-clean] [--] CMD...
#                                         run CMD inside (as user dev unless --root); exit code of CMD
#   sandbox.sh poweroff DIR               clean shutdown, wait for it
#   sandbox.sh kill DIR                   hard power loss (SIGKILL PID 1), wait for it
#   sandbox.sh status DIR                 prints running/stopped, exit 0/3
#   sandbox.sh minbase                    ensure a cached Debian trixie minbase rootfs tarball, for
#                                         `podman import` as a session image's base; prints its path
#
# Environment:
#   CCY_SANDBOX_CACHE         cache dir for golden rootfs + downloaded .debs (/var/cache/ccy-sandbox)
#   CCY_SANDBOX_MIRROR        Debian mirror URL for debootstrap (default: the host's apt source,
#                             else debootstrap's own default)
#   CCY_SANDBOX_BOOT_TIMEOUT  seconds `boot` waits for the system to be up (180)
#   CCY_SANDBOX_CWD           working directory for `run` (default: the user's home)
#
# Files beside DIR (never inside it, so they survive `fresh` and are not seen by the guest):
#   DIR.pid          host pid of the sandbox's PID 1 (systemd) while booted
#   DIR.console.log  systemd's console output of the last boot
#
# Exit codes: `run` returns CMD's exit code; 125 means the harness itself failed (sandbox not
# running, bad usage). Other subcommands: 0 ok, 1 failure, `status` 3 when stopped.
#
# Inside: user dev (uid 1000, lingering, subuid/subgid), hostname ccy-sandbox, openjdk 21,
# podman 5.4 + Quadlet, tmux, script(1), ansible-core with sudo and acl (to apply ansible/ to the
# sandbox itself), and the rootless image localhost/ccy-test:latest (bash, dash as /bin/sh, tmux,
# coreutils bits, C.UTF-8 locale, a few terminfo entries).
# selftest.sh beside this file exercises all of it.
#
# Design notes (details and the traps behind them: shared/reference/sandbox.md):
# - systemd 257 needs a unified cgroup2 hierarchy; the host is v1/v2 hybrid. Each sandbox gets its
#   own subtree of the host's cgroup2 mount and a cgroup namespace rooted there, and a fresh
#   cgroup2 mount inside, so it sees a private unified hierarchy (and sandboxes don't collide).
# - pivot_root, not chroot: the kernel refuses user namespaces (rootless podman) to chrooted
#   processes.
# - The sandbox gets its own minimal /dev (like systemd-nspawn) instead of the host's: no host
#   devices leak in, and /dev/net/tun and /dev/fuse can be mode 0666 for rootless podman without
#   touching the host's nodes.
# - All mounts happen in the sandbox's private mount namespace, so they vanish with it and never
#   appear in the host's mount table. Namespaces: pid, mount, uts, ipc, cgroup; the network is
#   the host's (rootless podman uses pasta on top of it).
# - `run` uses nsenter + setpriv, not su/ssh: no logind session, no PAM. Its processes sit in the
#   guest cgroup /ccy-run; the user manager (linger) is what Quadlet and podman talk to.
set -euo pipefail
# Callers (a JVM, CI) may lack the sbin dirs where pivot_root, chroot, debootstrap live.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin${PATH:+:$PATH}

SELF=$(readlink -f "${BASH_SOURCE[0]}")
CACHE=${CCY_SANDBOX_CACHE:-/var/cache/ccy-sandbox}
BOOT_TIMEOUT=${CCY_SANDBOX_BOOT_TIMEOUT:-180}

# ---- build-relevant settings: everything named GOLDEN_* / golden_* goes into the cache key ----
GOLDEN_SUITE=trixie
GOLDEN_PACKAGES=(
  systemd systemd-sysv dbus dbus-user-session libpam-systemd polkitd
  podman crun conmon passt netavark catatonit fuse-overlayfs uidmap
  tmux procps util-linux openjdk-21-jre-headless git
  ansible-core python3-apt acl sudo
  # debootstrap does not resolve virtual packages: python3-cryptography (ansible-core) needs this
  python3-cffi-backend
)
GOLDEN_USER=dev
GOLDEN_UID=1000
GOLDEN_HOSTNAME=ccy-sandbox
GOLDEN_IMAGE=localhost/ccy-test:latest
# Bump to force a rebuild without changing anything else.
GOLDEN_FORMAT=1

STAMP=.ccy-golden-complete   # at the top of a finished golden rootfs
# nsenter flags for all of a sandbox's namespaces, root dir and cwd (no user namespace: we stay
# real root in there).
NS=(-m -p -u -C -i -r -w)

die() { echo "sandbox: $*" >&2; exit 1; }
log() { echo "sandbox: $*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# ============================================================================ check

# Prints the reason this machine cannot run the sandbox, or nothing.
unavailable_reason() {
  [[ $(id -u) == 0 ]] || { echo "must run as root"; return; }
  local c
  for c in unshare nsenter setsid script mount pivot_root flock timeout sha256sum cp findmnt; do
    command -v "$c" >/dev/null || { echo "command not found: $c"; return; }
  done
  [[ -e /proc/self/ns/cgroup ]] || { echo "kernel lacks cgroup namespaces"; return; }
  grep -qw cgroup2 /proc/filesystems || { echo "kernel lacks cgroup2"; return; }
  [[ -n $(host_cgroup2) ]] || { echo "no cgroup2 hierarchy mounted on the host"; return; }
  [[ $(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo 0) -gt 0 ]] \
    || { echo "user namespaces are disabled (user.max_user_namespaces=0)"; return; }
  if [[ -e /proc/sys/kernel/unprivileged_userns_clone ]] \
     && [[ $(cat /proc/sys/kernel/unprivileged_userns_clone) != 1 ]]; then
    echo "unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone=0)"; return
  fi
  # Really try it: containers or seccomp profiles may forbid what the files above allow.
  unshare --pid --fork --mount --uts --ipc --cgroup true 2>/dev/null \
    || { echo "cannot create pid/mount/uts/ipc/cgroup namespaces (unshare failed)"; return; }
  # Rootless podman inside needs an unprivileged user to create a user namespace.
  if command -v setpriv >/dev/null; then
    setpriv --reuid=65534 --regid=65534 --clear-groups unshare --user true 2>/dev/null \
      || { echo "unprivileged users cannot create user namespaces"; return; }
  fi
  # The sandbox's cgroup lives in the host's cgroup2 tree: it must be writable (not in a
  # container that mounts it read-only).
  local probe
  probe="$(host_cgroup2)/ccy-sandbox.check.$$"
  { mkdir "$probe" && rmdir "$probe"; } 2>/dev/null \
    || { echo "cannot create cgroups under $(host_cgroup2)"; return; }
  if ! golden_cached; then
    if ! command -v debootstrap >/dev/null && ! command -v apt-get >/dev/null; then
      echo "debootstrap missing and no apt-get to install it"; return
    fi
    # A build needs ~1.5 GB (rootfs + .debs + the copy being built); each sandbox ~0.5 GB more.
    local d=$CACHE free
    while [[ ! -d $d ]]; do d=$(dirname "$d"); done
    free=$(df -Pk "$d" | awk 'NR == 2 { print $4 }')
    [[ $free -ge 2000000 ]] || { echo "less than 2 GB free in $d for the build cache"; return; }
  fi
}

cmd_check() {
  local reason
  reason=$(unavailable_reason)
  if [[ -n $reason ]]; then echo "sandbox unavailable: $reason"; exit 1; fi
}

# ============================================================================ cgroups

# Mount point of the host's cgroup2 (unified) hierarchy: /sys/fs/cgroup/unified on a hybrid host,
# /sys/fs/cgroup on a pure v2 host.
host_cgroup2() { awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts; }

# Short stable id of a sandbox dir; names its host cgroup.
sandbox_id() { printf '%s' "$(readlink -m "$1")" | sha256sum | cut -c1-12; }

# Host path of the sandbox's cgroup subtree (the root of its cgroup namespace).
sandbox_cgroup() { echo "$(host_cgroup2)/ccy-sandbox.$(sandbox_id "$1")"; }

cgroup_populated() { grep -q '^populated 1' "$1/cgroup.events" 2>/dev/null; }

# Remove a dead sandbox's cgroup subtree (children first; rmdir only works on empty cgroups).
cgroup_remove() {
  local cg=$1
  [[ -d $cg ]] || return 0
  find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null || true
  [[ ! -d $cg ]]
}

# ============================================================================ pid / status

# Prints the host pid of DIR's PID 1 if it is alive and really is that sandbox's init, else fails.
live_pid() {
  local dir=$1 pid
  [[ -f $dir.pid ]] || return 1
  read -r pid < "$dir.pid" || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  # Guards against pid reuse after a crash: the process must be init of its own pid namespace
  # (NSpid ends in 1) and live in this sandbox's cgroup.
  local status
  status=$(cat "/proc/$pid/status" 2>/dev/null) || return 1
  grep -qE '^NSpid:.*[[:space:]]1$' <<<"$status" || return 1
  ! grep -qE '^State:[[:space:]]+[ZX]' <<<"$status" || return 1
  grep -q "^0::/ccy-sandbox.$(sandbox_id "$dir")\(/\|\$\)" "/proc/$pid/cgroup" 2>/dev/null || return 1
  echo "$pid"
}

cmd_status() {
  local dir
  dir=$(sandbox_dir "${1:-}")
  if live_pid "$dir" >/dev/null; then echo running; exit 0; else echo stopped; exit 3; fi
}

sandbox_dir() {
  [[ -n ${1:-} ]] || die "missing DIR argument"
  local d
  d=$(readlink -m "$1")
  [[ $d != / ]] || die "refusing to use / as a sandbox"
  echo "$d"
}

# ============================================================================ build

host_mirror() {
  # The host's own Debian mirror (deb822 or one-line format), so a machine with a local mirror
  # or proxy keeps using it; security/updates suites are skipped. Empty = debootstrap's default.
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    awk 'tolower($1) == "uris:" { print $2 }' "$f"
  done
} 2>/dev/null

pick_mirror() {
  if [[ -n ${CCY_SANDBOX_MIRROR:-} ]]; then echo "$CCY_SANDBOX_MIRROR"; return; fi
  host_mirror | grep -E '^https?://' | grep -v -e security -e '-updates' -e snapshot | head -n1 || true
}

# Cache key: hash of the package list and of every build-relevant function and setting.
golden_key() {
  {
    declare -p GOLDEN_SUITE GOLDEN_PACKAGES GOLDEN_USER GOLDEN_UID GOLDEN_HOSTNAME GOLDEN_IMAGE \
      GOLDEN_FORMAT
    local f
    for f in $(compgen -A function golden_ | sort); do declare -f "$f"; done
  } | sha256sum | cut -c1-16
}

golden_path() { echo "$CACHE/golden-$(golden_key)"; }
golden_cached() { [[ -f $(golden_path)/$STAMP ]]; }

ensure_debootstrap() {
  command -v debootstrap >/dev/null && return
  log "installing debootstrap on the host"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
}

# Customisation of a debootstrapped rootfs, run on the host (chroot only for useradd).
golden_customize() {
  local r=$1
  echo "$GOLDEN_HOSTNAME" > "$r/etc/hostname"
  printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' \
    "$GOLDEN_HOSTNAME" > "$r/etc/hosts"
  # A fixed machine-id: no first-boot logic, and journald/dbus need one.
  tr -d '-' < /proc/sys/kernel/random/uuid > "$r/etc/machine-id"
  echo 'LANG=C.UTF-8' > "$r/etc/default/locale"
  echo 'LANG=C.UTF-8' > "$r/etc/locale.conf"

  # The unprivileged user; useradd fills /etc/subuid + /etc/subgid (rootless podman needs them).
  chroot "$r" useradd -m -u "$GOLDEN_UID" -U -s /bin/bash "$GOLDEN_USER"
  grep -q "^$GOLDEN_USER:" "$r/etc/subuid" || echo "$GOLDEN_USER:100000:65536" >> "$r/etc/subuid"
  grep -q "^$GOLDEN_USER:" "$r/etc/subgid" || echo "$GOLDEN_USER:100000:65536" >> "$r/etc/subgid"
  # Linger: the user manager (and the user's default.target Quadlet units) start at boot.
  mkdir -p "$r/var/lib/systemd/linger"
  touch "$r/var/lib/systemd/linger/$GOLDEN_USER"
  chroot "$r" install -d -o "$GOLDEN_USER" -g "$GOLDEN_USER" \
    "/home/$GOLDEN_USER/.config" "/home/$GOLDEN_USER/.config/containers" \
    "/home/$GOLDEN_USER/.config/containers/systemd"

  local sys=$r/etc/systemd/system u
  # Units that fail or are pointless in a container, or only slow the boot down:
  # console-getty/modules-load fail; sysctl/binfmt would write the HOST's /proc/sys; the
  # kernel-fs mounts, modprobe and getty have nothing to do here; the timers would wake up at
  # random times (apt-daily even tries the network); netavark's dhcp proxy is unused.
  for u in console-getty.service systemd-modules-load.service systemd-sysctl.service \
           systemd-binfmt.service proc-sys-fs-binfmt_misc.automount proc-sys-fs-binfmt_misc.mount \
           sys-kernel-config.mount sys-kernel-debug.mount sys-kernel-tracing.mount \
           sys-fs-fuse-connections.mount dev-hugepages.mount getty@tty1.service \
           systemd-pstore.service apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer \
           fstrim.timer netavark-dhcp-proxy.service netavark-dhcp-proxy.socket \
           systemd-networkd-wait-online.service modprobe@.service; do
    ln -sfn /dev/null "$sys/$u"
  done
  # Nothing else brings network-online.target up, and podman 5.3+ makes every start wait for it
  # (podman-user-wait-network-online.service, up to 90 s).
  ln -sfn /usr/lib/systemd/system/multi-user.target "$sys/default.target"
  mkdir -p "$sys/multi-user.target.wants"
  ln -sfn /usr/lib/systemd/system/network-online.target "$sys/multi-user.target.wants/"

  # The sandbox's cgroup2 has no controllers (the host binds them to v1), so crun must not ask
  # for the pids controller.
  mkdir -p "$r/etc/containers/containers.conf.d"
  printf '[containers]\npids_limit = 0\n' > "$r/etc/containers/containers.conf.d/50-ccy-sandbox.conf"

  # Smaller rootfs = faster `fresh` copies; none of this is used by the tests.
  rm -rf "$r"/usr/share/doc/* "$r"/usr/share/man/* "$r"/usr/share/info/* \
    "$r"/usr/share/locale/* "$r"/var/cache/apt/archives/*.deb "$r"/var/lib/apt/lists/*_* \
    "$r"/var/cache/debconf/*-old "$r"/var/log/*.log "$r"/var/log/apt/*
}

# Run INSIDE the booted build sandbox as the user: a tiny root filesystem made of the sandbox's
# own binaries and their shared libraries, imported as an image (no registry is reachable).
golden_image_script() {
  cat <<'EOF'
set -euo pipefail
image=$1
work=$(mktemp -d /var/tmp/ccy-image.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root"/usr/bin "$root"/usr/lib "$root"/usr/lib64 "$root"/usr/sbin "$root"/etc \
  "$root"/root "$root"/tmp "$root"/proc "$root"/sys "$root"/dev "$root"/run "$root"/var/tmp
chmod 1777 "$root"/tmp "$root"/var/tmp
for l in bin lib lib64 sbin; do ln -s usr/$l "$root/$l"; done
bins=(bash dash tmux cat ls sleep env id mkdir touch printf echo date head tail tr sed grep sort
      stat chmod rm cp mv ln wc uname true false test basename dirname readlink kill ps
      find xargs cut uniq awk stty tput clear git)
copy_file() { # copy a file (dereferenced) to its canonical place under $root
  local src=$1 real dir
  real=$(readlink -f "$src")
  dir=$(readlink -f "$(dirname "$src")")
  mkdir -p "$root$dir"
  cp -L "$real" "$root$dir/$(basename "$src")"
}
for b in "${bins[@]}"; do
  p=$(command -v "$b" || true)
  [[ $p == /* ]] || { p=/usr/bin/$b; [[ -x $p ]] || continue; }
  copy_file "$p"
  ldd "$p" | awk '/=> \// { print $3 } /^[[:space:]]*\/[^ ]*ld-linux/ { print $1 }' \
    | while read -r lib; do copy_file "$lib"; done
done
ln -s dash "$root/usr/bin/sh"
mkdir -p "$root/usr/lib/locale"
cp -a /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"
for t in x/xterm x/xterm-256color t/tmux t/tmux-256color s/screen s/screen-256color \
         d/dumb v/vt100 l/linux; do
  mkdir -p "$root/usr/share/terminfo/${t%%/*}"
  cp -L "/usr/share/terminfo/$t" "$root/usr/share/terminfo/$t"
done
printf 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\ntty:x:5:\nnogroup:x:65534:\n' > "$root/etc/group"
tar -C "$root" --numeric-owner --owner=0 --group=0 -cf "$work/rootfs.tar" .
podman rmi -f "$image" >/dev/null 2>&1 || true
podman import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' --change 'CMD ["/bin/bash"]' \
  "$work/rootfs.tar" "$image" >/dev/null
# Prove the image is usable: tmux runs, and a detached session lives in a UTF-8 locale.
podman run --rm "$image" tmux -V
podman run --rm "$image" git --version
podman run --rm -e LANG=C.UTF-8 "$image" sh -c \
  'tmux new-session -d -s probe "sleep 60" && tmux ls && tmux kill-server'
podman image ls "$image"
EOF
}

# Build the golden rootfs into a temp dir, boot it once to import the image, rename into place.
golden_build() {
  local final=$1 tmp=$1.tmp log=$1.build.log mirror pkgs
  # A crashed earlier build may have left its sandbox booted.
  stop_sandbox "$tmp" kill >/dev/null 2>&1 || true
  rm -rf "$tmp" "$tmp.pid" "$tmp.console.log"
  : > "$log"
  # Never leave the build's sandbox running, whatever happens below.
  # shellcheck disable=SC2064  # expand $tmp now: it is a local
  trap "stop_sandbox '$tmp' kill >/dev/null 2>&1 || true" EXIT
  mkdir -p "$CACHE/debs"
  mirror=$(pick_mirror)
  pkgs=$(IFS=,; echo "${GOLDEN_PACKAGES[*]}")
  log "debootstrap $GOLDEN_SUITE into $tmp (mirror: ${mirror:-debootstrap default}; log: $log)"
  # In a private mount namespace: debootstrap's own /proc,/sys mounts in the target can then
  # never be left behind on the host, even if it crashes.
  unshare --mount --propagation private \
    debootstrap --variant=minbase --cache-dir="$CACHE/debs" --include="$pkgs" \
      "$GOLDEN_SUITE" "$tmp" ${mirror:+"$mirror"} >>"$log" 2>&1 \
    || { tail -n 30 "$log" >&2; die "debootstrap failed (log: $log)"; }
  log "customising"
  logged "$log" golden_customize "$tmp" || { tail -n 30 "$log" >&2; die "customising failed"; }

  log "booting it once to import $GOLDEN_IMAGE"
  logged "$log" boot_sandbox "$tmp" \
    || { tail -n 30 "$log" >&2; die "build boot failed (log: $log)"; }
  local rc=0
  ( run_in "$tmp" user -- bash -c "$(golden_image_script)" image-script "$GOLDEN_IMAGE" ) \
    >>"$log" 2>&1 </dev/null || rc=$?
  logged "$log" stop_sandbox "$tmp" poweroff || rc=1
  if [[ $rc != 0 ]]; then tail -n 40 "$log" >&2; die "building $GOLDEN_IMAGE failed (log: $log)"; fi
  trap - EXIT

  # Forget the build boot: its journal and temp files would otherwise show up in every copy.
  rm -rf "$tmp"/var/log/journal/*/* "$tmp"/var/tmp/* "$tmp.pid" "$tmp.console.log"
  date -u +%FT%TZ > "$tmp/$STAMP"
  rm -rf "$final"
  mv "$tmp" "$final"
}

# logged LOG FUNC ARGS...: run one of this script's functions in a fresh bash, output appended to
# LOG. A fresh process because bash ignores `set -e` inside anything called from `cmd || ...`.
logged() {
  local log=$1
  shift
  "$BASH" "$SELF" __fn "$@" >>"$log" 2>&1 </dev/null
}

cmd_build() {
  mkdir -p "$CACHE"
  exec 9>"$CACHE/.lock"
  # Exclusive: one build at a time; `fresh` holds it shared while copying.
  flock 9
  local golden
  golden=$(golden_path)
  if [[ ! -f $golden/$STAMP ]]; then
    local t0
    t0=$(now)
    ensure_debootstrap
    golden_build "$golden"
    prune_cache "$golden"
    log "built in $(elapsed "$t0") s"
  fi
  flock -u 9
  echo "$golden"
}

# Drop half-built leftovers, and goldens of other keys (other checkouts or versions of this
# script) that no `fresh` used for 2 days: each is ~0.5 GB. Called with the build lock held.
prune_cache() {
  local keep=$1 d
  for d in "$CACHE"/golden-*; do
    [[ -d $d && $d != "$keep" ]] || continue
    if [[ $d == *.tmp ]]; then
      stop_sandbox "$d" kill >/dev/null 2>&1 || true
    elif [[ -n $(find "$d/$STAMP" -mtime -2 2>/dev/null) ]]; then
      continue
    fi
    rm -rf "$d" "$d.build.log" "$d.pid" "$d.console.log"
  done
}

# ============================================================================ minbase

# A plain Debian trixie minbase root filesystem as a tarball: what a user would `podman import` as
# the base of `ccy image build` where no registry is reachable. Cached under its own key (these
# names avoid golden_ so the golden's key does not change with them).
MINBASE_SUITE=trixie
MINBASE_FORMAT=1

minbase_key() {
  { declare -p MINBASE_SUITE MINBASE_FORMAT; declare -f minbase_build; } | sha256sum | cut -c1-16
}

minbase_build() {
  local tar=$1 tmp=$1.tmp.d log=$1.build.log mirror
  rm -rf "$tmp"
  : > "$log"
  mkdir -p "$CACHE/debs-minbase"
  mirror=$(pick_mirror)
  log "debootstrap $MINBASE_SUITE minbase into $tmp (log: $log)"
  unshare --mount --propagation private \
    debootstrap --variant=minbase --cache-dir="$CACHE/debs-minbase" "$MINBASE_SUITE" "$tmp" ${mirror:+"$mirror"} >>"$log" 2>&1 \
    || { tail -n 30 "$log" >&2; rm -rf "$tmp"; die "debootstrap of the minbase failed (log: $log)"; }
  # What an image needs no copy of: apt's lists and downloads, docs, logs.
  rm -rf "$tmp"/var/cache/apt/archives/*.deb "$tmp"/var/lib/apt/lists/*_* "$tmp"/usr/share/doc/* \
    "$tmp"/usr/share/man/* "$tmp"/usr/share/info/* "$tmp"/var/log/*.log "$tmp"/var/log/apt/*
  tar -C "$tmp" --numeric-owner --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' \
    -cf "$tar.tmp" . || die "cannot write $tar"
  rm -rf "$tmp"
  mv "$tar.tmp" "$tar"
}

cmd_minbase() {
  mkdir -p "$CACHE"
  # Its own lock and .deb cache: it may run while a golden build holds the other for minutes.
  exec 9>"$CACHE/.minbase.lock"
  flock 9
  local tar t0 f
  tar=$CACHE/minbase-$(minbase_key).tar
  if [[ ! -f $tar ]]; then
    t0=$(now)
    ensure_debootstrap
    minbase_build "$tar"
    log "minbase built in $(elapsed "$t0") s"
    # tarballs of other keys: the newest one wins
    for f in "$CACHE"/minbase-*.tar; do [[ $f == "$tar" ]] || rm -f "$f" "$f.build.log"; done
  fi
  touch "$tar"
  flock -u 9
  echo "$tar"
}

# ============================================================================ fresh

cmd_fresh() {
  local dir golden
  dir=$(sandbox_dir "${1:-}")
  if live_pid "$dir" >/dev/null; then die "$dir is still booted; poweroff or kill it first"; fi
  golden=$(cmd_build | tail -n1)
  mkdir -p "$CACHE"
  exec 9>"$CACHE/.lock"
  flock -s 9
  if [[ -e $dir ]]; then
    # Only ever delete something that looks like one of our sandboxes.
    [[ -f $dir/$STAMP || -z $(ls -A "$dir") ]] || die "$dir exists and is not a sandbox; not removing it"
    rm -rf "$dir"
  fi
  rm -f "$dir.pid" "$dir.console.log"
  cgroup_remove "$(sandbox_cgroup "$dir")" || true
  mkdir -p "$(dirname "$dir")"
  cp -a --reflink=auto "$golden" "$dir"
  touch "$golden/$STAMP"   # "recently used": keeps it from being pruned by other builds
  flock -u 9
}

# ============================================================================ boot

cmd_boot() {
  local dir
  dir=$(sandbox_dir "${1:-}")
  boot_sandbox "$dir"
}

boot_sandbox() {
  local dir=$1 t0 cg pid
  t0=$(now)
  [[ -x $dir/usr/lib/systemd/systemd ]] || die "$dir is not a sandbox rootfs (run: sandbox.sh fresh $dir)"
  if live_pid "$dir" >/dev/null; then die "$dir is already booted"; fi
  [[ -n $(host_cgroup2) ]] || die "no cgroup2 hierarchy mounted on the host"
  # Rootless podman needs the setuid newuidmap/newgidmap inside.
  [[ ,$(findmnt -no OPTIONS -T "$dir"), != *,nosuid,* ]] \
    || die "$dir is on a nosuid mount; rootless podman inside would fail"
  # Leftovers of a crash: stale pid file, dead cgroups.
  rm -f "$dir.pid"
  cg=$(sandbox_cgroup "$dir")
  if cgroup_populated "$cg"; then
    echo 1 > "$cg/cgroup.kill" 2>/dev/null || true
    wait_until 10 "! cgroup_populated '$cg'" || die "processes of an old boot of $dir won't die"
  fi
  cgroup_remove "$cg" || die "cannot remove stale cgroup $cg"
  mkdir "$cg"
  : > "$dir.console.log"
  # setsid -f: own session, no controlling terminal, not our child; survives our exit.
  setsid -f "$BASH" "$SELF" __stage1 "$dir" </dev/null >>"$dir.console.log" 2>&1

  # The init writes DIR.pid itself (only it knows its host pid cheaply); stage 1 writes "failed"
  # there if it could not even start it.
  wait_until 10 "[[ -s '$dir.pid' ]]" && pid=$(live_pid "$dir") \
    || boot_failed "$dir" "sandbox init did not start"

  local deadline state
  deadline=$(( $(date +%s) + BOOT_TIMEOUT ))
  # 1. systemd finished starting its system units.
  while :; do
    live_pid "$dir" >/dev/null || boot_failed "$dir" "sandbox died while booting"
    state=$(remaining=$(( deadline - $(date +%s) )); [[ $remaining -gt 0 ]] || remaining=1
            timeout "$remaining" nsenter -t "$pid" "${NS[@]}" -- /usr/bin/env -i PATH=/usr/bin \
              systemctl is-system-running --wait 2>/dev/null
           ) || true
    [[ $state == running || $state == degraded ]] && break
    if [[ $(date +%s) -ge $deadline ]]; then
      boot_failed "$dir" "boot timed out after ${BOOT_TIMEOUT}s (system state: ${state:-unknown})"
    fi
    sleep 0.1
  done
  # 2. The lingering user's manager is up with its bus, and its default.target reached.
  while :; do
    if [[ -S /proc/$pid/root/run/user/$GOLDEN_UID/bus ]]; then
      state=$(remaining=$(( deadline - $(date +%s) )); [[ $remaining -gt 0 ]] || remaining=1
              timeout "$remaining" nsenter -t "$pid" "${NS[@]}" -- /usr/bin/env -i PATH=/usr/bin \
                XDG_RUNTIME_DIR=/run/user/$GOLDEN_UID \
                setpriv --reuid="$GOLDEN_UID" --regid="$GOLDEN_UID" --init-groups \
                systemctl --user is-system-running --wait 2>/dev/null
             ) || true
      [[ $state == running || $state == degraded ]] && break
    fi
    live_pid "$dir" >/dev/null || boot_failed "$dir" "sandbox died while booting"
    if [[ $(date +%s) -ge $deadline ]]; then
      boot_failed "$dir" "boot timed out after ${BOOT_TIMEOUT}s waiting for the user manager of $GOLDEN_USER"
    fi
    sleep 0.1
  done
  echo "booted in $(elapsed "$t0") s"
}

# Show why, and don't leave a half-booted sandbox behind (a retry would find it "already booted").
# The console log and the guest's persistent journal (DIR/var/log/journal) stay for diagnosis.
boot_failed() {
  local dir=$1
  tail -n 40 "$dir.console.log" >&2 || true
  stop_sandbox "$dir" kill >/dev/null 2>&1 || true
  rm -f "$dir.pid"
  die "$2"
}

# wait_until SECONDS CONDITION: poll a shell condition every 0.1 s.
wait_until() {
  local end=$(( $(date +%s) + $1 ))
  while ! eval "$2"; do
    [[ $(date +%s) -lt $end ]] || return 1
    sleep 0.1
  done
}

# Stage 1 (host, detached): join the sandbox cgroup, then create the namespaces. unshare --fork
# stays behind as the (host-side) parent of the new PID 1.
stage1() {
  local dir=$1 fd
  # Reached only if we fail before the exec below: tell the waiting `boot` at once.
  trap 'echo failed > "$dir.pid"' EXIT
  # Drop inherited descriptors (e.g. a test runner's pipes): they'd be held open for the
  # sandbox's whole life and make the caller's reads hang.
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    [[ $fd -gt 2 && $fd != 255 ]] && eval "exec $fd>&-" 2>/dev/null
  done
  echo "$BASHPID" > "$(sandbox_cgroup "$dir")/cgroup.procs"
  # script(1) gives the guest a real terminal as its console (as systemd-nspawn does) and copies
  # what systemd prints there into our stdout, the console log.
  exec script --quiet --flush --return --command \
    "$(printf '%q ' unshare --pid --fork --mount --uts --ipc --cgroup --propagation private \
         "$BASH" "$SELF" __stage2 "$dir")" /dev/null
}

# Stage 2: PID 1 of the new pid namespace, in a private mount namespace. Builds the guest's
# mounts, pivots into it and becomes systemd.
stage2() {
  local dir=$1 hostpid _
  # /proc is still the host's procfs here, so /proc/self shows our host pid.
  read -r hostpid _ < /proc/self/stat
  echo "$hostpid" > "$dir.pid"

  # The root must be a mount point (pivot_root, and systemd's generator sandbox need that).
  mount --bind "$dir" "$dir"
  mount -t proc -o nosuid,nodev,noexec proc "$dir/proc"
  # /proc/sys stays writable: crun writes net sysctls of the containers' own network namespaces
  # through it. The golden masks systemd-sysctl/binfmt so the guest doesn't retune the host.
  # /sys is read-only: nothing in the guest has business there.
  mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$dir/sys"
  # A fresh cgroup2 mount: in our cgroup namespace it shows only our subtree, as a unified
  # hierarchy, which is what systemd 257 requires.
  mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 "$dir/sys/fs/cgroup"

  # A private /dev, populated like systemd-nspawn does.
  mount -t tmpfs -o mode=755,nosuid,size=4m tmpfs "$dir/dev"
  mknod -m 666 "$dir/dev/null" c 1 3
  mknod -m 666 "$dir/dev/zero" c 1 5
  mknod -m 666 "$dir/dev/full" c 1 7
  mknod -m 666 "$dir/dev/random" c 1 8
  mknod -m 666 "$dir/dev/urandom" c 1 9
  mknod -m 666 "$dir/dev/tty" c 5 0
  mkdir -m 755 "$dir/dev/net"
  # 0666 (as on desktop distros) so rootless pasta networking can open it; only this node in
  # this tmpfs, the host's own /dev/net/tun stays as it is.
  mknod -m 666 "$dir/dev/net/tun" c 10 200
  mknod -m 666 "$dir/dev/fuse" c 10 229
  mkdir -m 755 "$dir/dev/pts" "$dir/dev/shm"
  mkdir -m 1777 "$dir/dev/mqueue" 2>/dev/null || true
  mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5,nosuid,noexec devpts "$dir/dev/pts"
  ln -s pts/ptmx "$dir/dev/ptmx"
  mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$dir/dev/shm"
  ln -s /proc/self/fd "$dir/dev/fd"
  ln -s /proc/self/fd/0 "$dir/dev/stdin"
  ln -s /proc/self/fd/1 "$dir/dev/stdout"
  ln -s /proc/self/fd/2 "$dir/dev/stderr"
  # /dev/console = the terminal script(1) gave us (see stage1).
  touch "$dir/dev/console"
  if tty -s; then
    mount --bind "$(tty)" "$dir/dev/console"
  fi

  mount -t tmpfs -o mode=755,nosuid,nodev tmpfs "$dir/run"
  mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$dir/tmp"
  # Nothing may be mounted over parts of /proc (e.g. a private boot_id as nspawn does): the
  # kernel then refuses the fresh proc mount of every rootless container ("too revealing").
  # So all boots share the host's boot id and `journalctl -b` spans every boot of the sandbox.

  # pivot_root, not chroot (see header); then drop the host's tree entirely.
  cd "$dir"
  mkdir run/.oldroot
  pivot_root . run/.oldroot
  cd /
  umount -l /run/.oldroot
  rmdir /run/.oldroot
  mount --make-rshared /
  exec env -i container=ccy-sandbox SYSTEMD_COLORS=0 /usr/lib/systemd/systemd --show-status=yes
}

# ============================================================================ run


# in_sandbox PID CMD...: run CMD as root inside, with a clean environment (nothing of the
# caller's, e.g. PATH or LD_PRELOAD, leaks in).
in_sandbox() {
  local pid=$1
  shift
  nsenter -t "$pid" "${NS[@]}" -- /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 "$@"
}

# run_in DIR user|root|clean -- CMD...
run_in() {
  local dir=$1 mode=$2 pid cg
  shift 2
  [[ ${1:-} == -- ]] && shift
  [[ $# -gt 0 ]] || { echo "sandbox: run: missing CMD" >&2; exit 125; }
  pid=$(live_pid "$dir") || { echo "sandbox: $dir is not booted" >&2; exit 125; }
  cg=$(sandbox_cgroup "$dir")
  # Join the sandbox's cgroup subtree before entering its cgroup namespace: a process outside the
  # namespace root can't be moved by the guest's systemd (e.g. into a scope for rootless podman).
  { mkdir -p "$cg/ccy-run" && echo "$BASHPID" > "$cg/ccy-run/cgroup.procs"; } \
    || { echo "sandbox: cannot join the cgroup of $dir" >&2; exit 125; }
  # Only stdin/stdout/stderr go in: other inherited descriptors would be kept open by daemons
  # CMD starts (tmux server, podman's pause process) and hang a caller reading a pipe to EOF.
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    [[ $fd -gt 2 && $fd != 255 ]] && eval "exec $fd>&-" 2>/dev/null
  done
  local -a envv
  if [[ $mode == root ]]; then
    envv=(HOME=/root USER=root LOGNAME=root SHELL=/bin/bash
          PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8)
    [[ -n ${TERM:-} ]] && envv+=("TERM=$TERM")
    exec nsenter -t "$pid" "${NS[@]}" -- /usr/bin/env -i "${envv[@]}" \
      /usr/bin/setpriv --pdeathsig=TERM -- /usr/bin/env -C "${CCY_SANDBOX_CWD:-/root}" -- "$@"
  fi
  local home=/home/$GOLDEN_USER
  envv=(HOME="$home" USER="$GOLDEN_USER" LOGNAME="$GOLDEN_USER" SHELL=/bin/bash
        PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games LANG=C.UTF-8)
  [[ -n ${TERM:-} ]] && envv+=("TERM=$TERM")
  if [[ $mode == user ]]; then
    envv+=("XDG_RUNTIME_DIR=/run/user/$GOLDEN_UID"
           "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/$GOLDEN_UID/bus")
  fi
  # setpriv: drop to the user (all capabilities go with uid 0); --pdeathsig so that killing
  # `run` (e.g. a test timeout) also ends CMD instead of leaving it behind in the sandbox.
  exec nsenter -t "$pid" "${NS[@]}" -- /usr/bin/env -i "${envv[@]}" \
    /usr/bin/setpriv --reuid="$GOLDEN_UID" --regid="$GOLDEN_UID" --init-groups --pdeathsig=TERM \
    -- /usr/bin/env -C "${CCY_SANDBOX_CWD:-$home}" -- "$@"
}

cmd_run() {
  [[ -n ${1:-} ]] || { echo "sandbox: run: missing DIR" >&2; exit 125; }
  local dir mode=user
  dir=$(readlink -m "$1"); shift
  while [[ $# -gt 0 ]]; do
    case $1 in
      --root) mode=root; shift ;;
      --env-clean) mode=clean; shift ;;
      --) shift; break ;;
      *) break ;;
    esac
  done
  run_in "$dir" "$mode" -- "$@"
}

# ============================================================================ poweroff / kill

# stop_sandbox DIR poweroff|kill
stop_sandbox() {
  local dir=$1 how=$2 pid cg rc=0
  cg=$(sandbox_cgroup "$dir")
  if pid=$(live_pid "$dir"); then
    if [[ $how == poweroff ]]; then
      in_sandbox "$pid" systemctl poweroff --no-block >/dev/null 2>&1 \
        || kill -s RTMIN+4 "$pid" 2>/dev/null || true   # SIGRTMIN+4 = poweroff for systemd
      if ! wait_until 90 "! live_pid '$dir' >/dev/null"; then
        log "clean poweroff timed out after 90 s; killing it"
        rc=1
        kill -KILL "$pid" 2>/dev/null || true
      fi
    else
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait_until 30 "! live_pid '$dir' >/dev/null" || die "PID 1 ($pid) of $dir won't die"
  fi
  # Everything in the pid namespace dies with its init; also catch stragglers in the cgroup
  # (e.g. nsenter parents of `run`), then remove the cgroup tree.
  if cgroup_populated "$cg"; then
    echo 1 > "$cg/cgroup.kill" 2>/dev/null || true
    wait_until 30 "! cgroup_populated '$cg'" || die "processes of $dir won't die"
  fi
  cgroup_remove "$cg" || log "warning: could not remove cgroup $cg"
  rm -f "$dir.pid"
  return "$rc"
}

cmd_poweroff() { local dir; dir=$(sandbox_dir "${1:-}"); stop_sandbox "$dir" poweroff; }
cmd_kill() { local dir; dir=$(sandbox_dir "${1:-}"); stop_sandbox "$dir" kill; }

# ============================================================================ main

usage() { sed -n '2,/^set -euo/p' "$SELF" | sed -n 's/^# \{0,1\}//p' | sed -n '/^Usage/,/^$/p' >&2; exit 125; }

main() {
  local sub=${1:-}
  [[ -n $sub ]] || usage
  shift
  case $sub in
    check) cmd_check ;;
    build|fresh|boot|run|poweroff|kill|status|minbase)
      [[ $(id -u) == 0 ]] || die "must run as root"
      "cmd_$sub" "$@" ;;
    __stage1) stage1 "$@" ;;
    __stage2) stage2 "$@" ;;
    __image-script) golden_image_script ;;   # for debugging the image build by hand
    __fn)
      case ${1:-} in
        golden_customize|boot_sandbox|stop_sandbox) "$@" ;;
        *) die "__fn: not allowed: ${1:-}" ;;
      esac ;;
    -h|--help|help) usage ;;
    *) usage ;;
  esac
}

# On one line: bash reads scripts lazily, so an edit of this file during a long build must not
# make it run whatever lands after main's offset.
main "$@"; exit $?
