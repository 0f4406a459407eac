package dev.ccy.settings;

import dev.ccy.CcyException;
import dev.ccy.quadlet.ContainerKey;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting ccy knows, one row each: its name in the TOML files (dotted for tables), its
 * environment variable, its {@code ccy new}/{@code render} flag, its value's shape (which also
 * says how layers combine it: lists and tables add up, lowest first; scalars are replaced by the
 * layer above), what an untrusted project file may do with it ({@link Trust}), and where it goes
 * in the unit ({@link Render}). Flags, {@code ccy config show --origin}, trust gating and the
 * unit all follow from the row: a new setting is a new row.
 */
public enum Key {
    IMAGE(row("image", ValueType.IMAGE, "container image (needs sh and tmux)").env("CCY_IMAGE")
            .flag("IMAGE", "Container image; needs sh and tmux", "--image")),
    AGENT(row("agent", ValueType.NAME, "agent profile: claude, or one in templates/agents/").env("CCY_AGENT")
            .flag("NAME", "Agent profile", "--agent")),
    COMMAND(row("command", ValueType.COMMAND, "agent command: a list of arguments, or one shell command line")
            .flag("COMMAND", "Agent command as one shell command line, instead of AGENT_COMMAND after --", "--agent-cmd").kept()),
    RESUME(row("resume", ValueType.STRING, "shell command run instead of the agent when the session starts again")
            .flag("COMMAND", "Shell command run instead of the agent when the session starts again after a reboot, a crash"
                    + " or ccy start; default for Claude Code: claude --continue when a conversation exists", "--resume-cmd").kept()),
    MOUNTS(row("mounts", ValueType.MOUNTS, "extra mounts: \"SRC:DST[:ro|rw][,z|Z|nolabel]\" or {source, target, readonly, selinux}")
            .flag("SRC:DST[:OPTS]", "Extra mount; OPTS: ro or rw, and z, Z or nolabel", "-v", "--mount")
            .trust(Trust.INSIDE_WORKTREE).render(Render.to(ContainerKey.Volume, Render.Convert.MOUNT, null))),
    ENV(row("env", ValueType.ENV, "environment variables for the agent, NAME = \"value\"")
            .flag("NAME=VALUE", "Environment variable", "--env").render(Render.ENVIRONMENT)),
    FORWARD_ENV(row("forward_env", ValueType.ENV_NAMES,
            "variables whose value is taken from your environment at ccy new (kept in a Podman secret)")
            .flag("NAME", "Give the session this variable's value from your environment, kept in a Podman secret", "--forward-env")
            .trust(Trust.EMPTY_ONLY).render(Render.ENVIRONMENT)),
    SECRETS(row("secrets", ValueType.SECRETS, "Podman secrets given to the agent as environment, VARIABLE = \"secret-name\"")
            .flag("VARIABLE=SECRET", "Give the session a Podman secret as this variable", "--secret")
            .trust(Trust.EMPTY_ONLY).render(Render.ENVIRONMENT)),
    NETWORK(row("network", ValueType.NETWORK, "\"default\", \"none\", \"host\" or a podman network's name").env("CCY_NETWORK")
            .flag("NETWORK", "default, none, host or a podman network's name", "--network")
            .trust(Trust.NOT_UNSAFE_VALUE, "host").render(Render.to(ContainerKey.Network, "default"))),
    HOSTNAME(row("hostname", ValueType.HOSTNAME, "the container's host name (default: podman's, the container ID)")
            .flag("NAME", "The container's host name", "--hostname").render(Render.to(ContainerKey.HostName))),
    PORTS(row("ports", ValueType.PORTS, "published ports, as podman --publish takes them (\"127.0.0.1:8080:80\")")
            .flag("PORT", "Publish a port, as podman --publish takes it", "-p", "--publish")
            .trust(Trust.EMPTY_ONLY).render(Render.to(ContainerKey.PublishPort))),
    DEVICES(row("devices", ValueType.DEVICES, "host devices, as podman --device takes them (\"/dev/dri\")")
            .flag("DEVICE", "Host device, e.g. /dev/dri", "--device")
            .trust(Trust.EMPTY_ONLY).render(Render.to(ContainerKey.AddDevice))),
    MEMORY(row("limits.memory", ValueType.SIZE, "memory limit, e.g. \"8g\" (\"\" or 0: none)").env("CCY_MEMORY")
            .flag("SIZE", "Memory limit, e.g. 8g; 0 for none", "--memory")
            // as podman's --memory did: as much swap again, not unlimited swap
            .trust(Trust.NARROWS).render(Render.service(Render.Convert.MEMORY_MAX, "MemoryMax", "MemorySwapMax"))),
    CPUS(row("limits.cpus", ValueType.CPUS, "CPU limit in CPUs, e.g. 2 or 1.5 (0: none)").env("CCY_CPUS")
            .flag("N", "CPU limit, e.g. 2 or 1.5; 0 for none", "--cpus")
            .trust(Trust.NARROWS).render(Render.service(Render.Convert.CPU_QUOTA, "CPUQuota"))),
    PIDS(row("limits.pids", ValueType.COUNT, "process limit (0: none)").env("CCY_PIDS")
            .flag("N", "Process limit; 0 for none", "--pids-limit")
            // tasks are threads as well as processes, as podman's pids limit counts them
            .trust(Trust.NARROWS).render(Render.service(Render.Convert.COUNT, "TasksMax"))),
    NO_NEW_PRIVILEGES(row("security.no_new_privileges", ValueType.BOOL, "no process in the session gains privileges (setuid)")
            .trust(Trust.SAFE_VALUE_ONLY, true).render(Render.to(ContainerKey.NoNewPrivileges))),
    CAP_DROP(row("security.cap_drop", ValueType.CAPS, "capabilities dropped (\"all\" for every one)")
            .render(Render.to(ContainerKey.DropCapability))),
    CAP_ADD(row("security.cap_add", ValueType.CAPS, "capabilities added back")
            .trust(Trust.EMPTY_ONLY).render(Render.to(ContainerKey.AddCapability))),
    SECCOMP(row("security.seccomp", ValueType.STRING, "seccomp profile: \"default\", \"unconfined\" or a file")
            .trust(Trust.SAFE_VALUE_ONLY, "default").render(Render.to(ContainerKey.SeccompProfile, "default"))),
    SELINUX(row("security.selinux", ValueType.SELINUX, "SELinux confinement: \"default\" or \"disable\"")
            .trust(Trust.SAFE_VALUE_ONLY, "default").render(Render.to(ContainerKey.SecurityLabelDisable, Render.Convert.IS, "disable"))),
    PRIVATE_TMP(row("security.private_tmp", ValueType.BOOL, "a private tmpfs on /tmp")
            .trust(Trust.SAFE_VALUE_ONLY, true).render(Render.to(ContainerKey.Tmpfs, Render.Convert.WHEN_TRUE, "/tmp"))),
    SSH_AGENT(row("ssh_agent", ValueType.STRING,
            "SSH agent in the session: \"off\", \"attach\" (the agent of the most recent ccy attach) or a stable agent's socket path")
            .env("CCY_SSH_AGENT")
            // the user's SSH keys are for sessions the user chose to give them to
            .trust(Trust.SAFE_VALUE_ONLY, "off", "")),
    GIT_NAME(row("git.name", ValueType.STRING, "git user.name in the session (default: the host's, in the worktree)")),
    GIT_EMAIL(row("git.email", ValueType.STRING, "git user.email in the session (default: the host's, in the worktree)")),
    BUILD_CA_FILE(row("build.ca_file", ValueType.STRING, "CA bundle image builds trust (default: the host's trust store; \"none\": off)")
            .env("CCY_BUILD_CA_FILE").trust(Trust.NEVER)),
    // a project file must not choose where ccy makes directories and checks files out
    WORKTREE_DIR(row("worktree.dir", ValueType.STRING, "where ccy new --worktree NAME makes worktrees: DIR/<repo>-NAME"
            + " (default: beside the repository, ../<repo>-NAME; ~/ and a path relative to the repository work)")
            .env("CCY_WORKTREE_DIR").trust(Trust.NEVER).kept()),
    BRANCH_PREFIX(row("worktree.branch_prefix", ValueType.STRING, "the branch ccy new --worktree NAME makes is this"
            + " followed by NAME (default \"ccy/\"; \"\": NAME alone)").env("CCY_BRANCH_PREFIX").kept()),
    // how long the user's agent history stays on disk is the user's choice, not a repository's
    CONVERSATIONS_KEEP(row("conversations.keep", ValueType.DURATION, "how long an ended or removed session's HOME (its"
            + " conversations) is kept for ccy new --resume before ccy prune removes it, e.g. \"30d\" (0: not kept)")
            .env("CCY_CONVERSATIONS_KEEP").trust(Trust.NEVER).kept());

    /** A {@code ccy new} flag: its names, its value's label, what it does (the help adds the setting's name). */
    public record Flag(List<String> names, String label, String description) {
    }

    private final Row row;

    Key(Row row) {
        this.row = row;
    }

    /** The dotted name in a TOML file, e.g. {@code limits.memory}. */
    public String toml() {
        return row.toml;
    }

    /** The environment variable that sets it (scalars only), if any. */
    public Optional<String> env() {
        return Optional.ofNullable(row.env);
    }

    public String help() {
        return row.help;
    }

    /** The flag of {@code ccy new} and {@code ccy render} that sets it, if any. */
    public Optional<Flag> flag() {
        return Optional.ofNullable(row.flag);
    }

    /** True for lists and tables, which layers add to instead of replacing. */
    public boolean merges() {
        return row.type.merges;
    }

    /** A flag given as "" means the flag was not given. */
    public boolean blankIsUnset() {
        return row.type.blankIsUnset();
    }

    public Trust trust() {
        return row.trust;
    }

    /** The values {@link Trust#SAFE_VALUE_ONLY} lets through, or the one {@link Trust#NOT_UNSAFE_VALUE} holds back. */
    Set<Object> safeValues() {
        return row.safe;
    }

    public Render render() {
        return row.render;
    }

    /** Whether a change of it makes a session's unit out of date (see {@link Settings#canonical}). */
    public boolean unitInput() {
        return row.input;
    }

    public static Optional<Key> named(String toml) {
        return Arrays.stream(values()).filter(k -> k.row.toml.equals(toml)).findFirst();
    }

    /** The top-level table names ccy knows ({@code limits}, {@code security}...). */
    static boolean isTable(String name) {
        return Arrays.stream(values()).anyMatch(k -> k.row.toml.startsWith(name + "."))
                || name.equals("env") || name.equals("secrets");
    }

    /**
     * Reads a value as TOML gives it or as a flag gives it (see {@link ValueType}). Fails with a
     * one-line usage error.
     */
    public Object read(Object raw) {
        try {
            return row.type.read(raw);
        } catch (CcyException e) {
            // the messages quote the value, which a file may fill with newlines or 100 KB
            throw new CcyException(shown(e.getMessage(), 400), e.exit());
        }
    }

    /** Text for a one-line message: control characters as escapes, and at most {@code max} characters. */
    static String shown(String text, int max) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                out.append(cp == '\n' ? "\\n" : cp == '\t' ? "\\t" : String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.length() <= max ? out.toString() : out.substring(0, max) + "...";
    }

    private static Row row(String toml, ValueType type, String help) {
        return new Row(toml, type, help);
    }

    /** One row of the table, filled in where the constant is declared (defaults: no variable, no flag, any value, not rendered). */
    private static final class Row {
        final String toml;
        final ValueType type;
        final String help;
        String env;
        Flag flag;
        Trust trust = Trust.ANY;
        Set<Object> safe = Set.of();
        Render render = Render.NONE;
        boolean input = true;

        Row(String toml, ValueType type, String help) {
            this.toml = toml;
            this.type = type;
            this.help = help;
        }

        Row env(String name) {
            env = name;
            return this;
        }

        Row flag(String label, String description, String... names) {
            flag = new Flag(List.of(names), label, description);
            return this;
        }

        Row trust(Trust rule, Object... values) {
            trust = rule;
            safe = Set.of(values);
            return this;
        }

        Row render(Render how) {
            render = how;
            return this;
        }

        /** Not part of what a session's unit is made from: a session keeps its own, ccy upgrade leaves it. */
        Row kept() {
            input = false;
            return this;
        }
    }
}
