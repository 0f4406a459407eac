<#--
  ccy session unit, rendered by `ccy new` into ~/.config/containers/systemd/<name>.container.
  Copy to ~/.config/ccy/templates/ (one user) or /etc/ccy/templates/ (everyone) to change it.

  Every ${...} is escaped for unit syntax; word(x) writes one quoted word of a word list
  (Label=, Environment=, Exec=), raw(x) a value Quadlet copies as it is (Volume=, Image=), and
  csv(a, b, ...) one CSV record of fields (a Mount= value, given to <@option/> to escape).
  <@option key="Memory" value=x/> writes a [Container] option the way the target Podman takes it:
  the key where its Quadlet has it, else the key's podman flag in PodmanArgs= (nothing for an empty
  value; one line per item of a list). ccy refuses to write the file unless the ccy.* labels come
  out exactly as given.

  Markers in the session's state directory (session.state, mounted at /ccy/state) carry what a
  unit file cannot: "stopped" (the session was ended on purpose: exit from its shell, or ccy stop)
  keeps it from starting at boot until ccy start removes it; "ephemeral" makes the end remove it.
-->
<#-- on the host, after every stop: note when, and remove an ephemeral session that was ended,
     first moving its HOME (if the agent ran) to where ccy new --resume finds it: renamed into
     .<state>.keep, then that renamed to <state>, so a kept HOME is whole or not there. $1: where
     this worktree's HOMEs are kept ("": keep none), $2: the state directory, $3: the unit file -->
<#assign stopPost = r'touch "$2/stopped-at" 2>/dev/null; if [ -e "$2/stopped" ] && [ -e "$2/ephemeral" ]; then rm -f -- "$3" && { n=${2##*/}; [ -z "$1" ] || [ ! -e "$2/started" ] || [ -L "$2/home" ] || [ ! -d "$2/home" ] || { mkdir -p -m 700 -- "$1" && mkdir -m 700 -- "$1/.$n.keep" && mv -T -- "$2/home" "$1/.$n.keep/home" && mv -T -- "$1/.$n.keep" "$1/$n"; }; true; } && rm -rf -- "$2" && systemctl --user daemon-reload; fi; exit 0'>
# ccy session ${session.name}, rendered by ccy from session.container.ftl: change the template, not this file.
[Unit]
<#-- (a worktree ending in a backslash gets a "/", the same directory, so the line does not continue) -->
Description=ccy session ${session.name}<#if session.alias?has_content> (${session.alias})</#if>: ${session.project}<#if session.branch?has_content> (${session.branch})</#if> in ${session.worktree + session.worktree?ends_with("\\")?then("/", "")}
<#-- Quadlet units cannot be disabled: a session ended on purpose stays down (at boot too) this way -->
ConditionPathExists=!${session.state}/stopped
<#-- a crash loop (an image without tmux, an agent that dies at once) ends as failed instead of
     restarting for ever: RestartSec=2 and slow starts never reach systemd's default 5 in 10 s -->
StartLimitIntervalSec=300
StartLimitBurst=5

[Container]
Image=${raw(session.image)}
ContainerName=${session.name}
<#list session.labels as key, value>
Label=${word(key + "=" + value)}
</#list>
<#-- Mount=, not Volume=: its CSV fields carry any path (':', commas, a trailing space), Volume='s
     colons do not. relabel=shared is Volume='s z, not Z: sessions of one worktree share it, and a
     private label would take it away from the others -->
<@option key="Mount" value=csv("type=bind", "source=" + session.worktree, "destination=" + session.workspace, "relabel=shared")/>
<#-- the entrypoint comes from ccy, so any image with sh and tmux works -->
Volume=${raw(session.entrypoint)}:/usr/local/libexec/ccy-entrypoint:ro,z
<#-- the session's own persistent state (the agent's HOME: its config and conversations); no
     other container uses it, so it gets a private label -->
Volume=${raw(session.state)}:/ccy/state:Z
<@option key="Entrypoint" value="/usr/local/libexec/ccy-entrypoint"/>
<@option key="WorkingDir" value=session.workspace/>
Environment=TERM=xterm-256color LANG=C.UTF-8 HOME=/ccy/state/home
<#if session.resume?has_content>
Environment=${word("CCY_RESUME_CMD=" + session.resume)}
</#if>
<#-- the agent runs as the host user, so what it writes in the worktree is the user's -->
<@option key="UserNS" value="keep-id"/>
<#-- what the settings ask for (ccy config show), in their order: each setting's row in
     settings/Key names its key (mounts are Volume=, network Network=...); env, forward_env and
     secrets arrive through Podman secrets (Secret=): their values are in neither this file nor
     podman inspect; Environment= holds only the agent profile's (no secrets there) and SSH_AUTH_SOCK -->
<#assign o = session.options>
<#list o.container as key, values>
<@option key=key value=values/>
</#list>
Exec=<#list session.command as arg>${word(arg)}<#sep> </#list>

[Service]
<#-- At boot every session starts at once, before rootless podman has its pause process (which holds
     the user namespace all podman commands join). Racing podman run commands each make one (seen:
     up to 6 per boot), and about one session per boot then fails its start with Result=protocol
     (conmon exited prematurely), is killed and restarted 2 s later. One podman command at a time
     under a lock makes the one pause process before any session's podman run; later starts join it. -->
# rootless podman's pause process is made by one command, not by all sessions at once at boot
ExecStartPre=-flock %t/ccy-podman.lock podman unshare true
# a state directory deleted by hand comes back empty rather than failing every start
ExecStartPre=mkdir -p ${word(session.state)}
ExecStartPost=-touch ${word(session.state + "/up-since")}
ExecStopPost=-/bin/sh -c ${word(stopPost)} ccy-stop-post ${word(session.kept)} ${word(session.state)} ${word(session.file)}
# a crash restarts the session; a deliberate end (exit 0) does not
Restart=on-failure
RestartSec=2
# the start job includes pulling the image, which systemd's 90 s default cuts short
TimeoutStartSec=900
<#-- Limits (settings limits.*) are systemd's on the whole service, not podman's: Quadlet runs
     podman with --cgroups=split, which "splits the current CGroup in two sub-cgroups: one for
     conmon and one for the container payload" (podman-run(1), --cgroups), so the service's cgroup
     holds every process of the session; and "options defined in the [Service] table ... pass
     directly to systemd" (podman-systemd.unit(5)). Unlike podman's --memory/--pids-limit, a
     service whose user manager has no controller delegated still starts (systemd records the
     limit and enforces it where it can). Values: MemoryMax= K/M/G are 1024-based like podman's. -->
<#if o.service?has_content>
# limits (ccy config show: limits.*) on the whole session: conmon, the container and all in it
</#if>
<#-- checked numbers and units from the settings' rows (MemoryMax= also sets MemorySwapMax=, as
     podman's --memory gave as much swap again; TasksMax= counts threads, as podman's pids limit) -->
<#list o.service as key, value>
${key}=${value?no_esc}
</#list>

[Install]
# with linger, the user manager starts at boot and brings the session back
WantedBy=default.target
<#if ccy.version?has_content>

[X-Ccy]
# which ccy rendered this, from which inputs (ccy list marks a session whose inputs changed;
# ccy upgrade renders it again), and the flags of ccy new that an upgrade keeps
Version=${ccy.version}
Inputs=${ccy.inputs}
<#list ccy.overrides as o>
Override=${word(o)}
</#list>
</#if>
