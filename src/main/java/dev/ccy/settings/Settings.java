package dev.ccy.settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective settings for one worktree: every layer merged, lowest first, with where each value
 * came from, and what an untrusted project file asked for that was held back.
 */
public final class Settings {
    /** A value and its origin (file:line, variable, flag or "built-in"). */
    public record Sourced(Object value, String origin) {
    }

    // scalars: Sourced; lists: List<Sourced>, one per item; tables: Map<String, Sourced>
    private final Map<Key, Object> merged;
    private final List<String> heldBack;
    private final Path projectFile;
    private final boolean projectTrusted;

    Settings(Map<Key, Object> merged, List<String> heldBack, Path projectFile, boolean projectTrusted) {
        this.merged = merged;
        this.heldBack = List.copyOf(heldBack);
        this.projectFile = projectFile;
        this.projectTrusted = projectTrusted;
    }

    public String image() {
        return (String) scalar(Key.IMAGE);
    }

    public String agent() {
        return (String) scalar(Key.AGENT);
    }

    /** The agent command: a list of arguments, a shell command line, or null for the agent's default. */
    public Object command() {
        return scalar(Key.COMMAND);
    }

    /** The resume command, or null for the agent's default. */
    public String resume() {
        return (String) scalar(Key.RESUME);
    }

    public List<Mount> mounts() {
        return list(Key.MOUNTS, Mount.class);
    }

    public Map<String, String> env() {
        return table(Key.ENV);
    }

    public List<String> forwardEnv() {
        return list(Key.FORWARD_ENV, String.class);
    }

    /** Environment variable to Podman secret name. */
    public Map<String, String> secrets() {
        return table(Key.SECRETS);
    }

    /**
     * A setting's plain value: a scalar's value (null where unset), a list's items or a table's
     * entries (empty where unset). What renders into the unit is read this way, through the key's
     * {@link Key#render() row}, so such a setting needs no getter of its own.
     */
    public Object value(Key key) {
        Object v = merged.get(key);
        if (v instanceof Sourced s) {
            return s.value();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(s -> ((Sourced) s).value()).toList();
        }
        if (v instanceof Map<?, ?>) {
            return table(key);
        }
        return key.merges() ? List.of() : null;
    }

    /** "off" (or unset), "attach", or the path of a stable agent socket. */
    public String sshAgent() {
        String v = (String) scalar(Key.SSH_AGENT);
        return v == null || v.isBlank() ? "off" : v.strip();
    }

    /** The git identity settings, or null where unset (the host's is used). */
    public String gitName() {
        return (String) scalar(Key.GIT_NAME);
    }

    public String gitEmail() {
        return (String) scalar(Key.GIT_EMAIL);
    }

    /** The CA bundle setting for image builds, or null for the default (the host's trust store). */
    public String buildCaFile() {
        return (String) scalar(Key.BUILD_CA_FILE);
    }

    /** worktree.dir, or "" for the default (beside the repository). */
    public String worktreeDir() {
        String v = (String) scalar(Key.WORKTREE_DIR);
        return v == null ? "" : v.strip();
    }

    /** worktree.branch_prefix: "ccy/" unless set ("" is allowed: the name alone). */
    public String branchPrefix() {
        String v = (String) scalar(Key.BRANCH_PREFIX);
        return v == null ? "ccy/" : v.strip();
    }

    /** conversations.keep: how long a removed session's HOME is kept (zero: not kept). */
    public java.time.Duration conversationsKeep() {
        String v = (String) scalar(Key.CONVERSATIONS_KEEP);
        return dev.ccy.Durations.parse(v == null || v.isBlank() ? "30d" : v);
    }

    /** What an untrusted project file asked for and did not get, e.g. "ports", "mounts /etc". */
    public List<String> heldBack() {
        return heldBack;
    }

    /** The project's settings file (whether or not it exists), and whether the user trusts it as it is. */
    public Path projectFile() {
        return projectFile;
    }

    public boolean projectTrusted() {
        return projectTrusted;
    }

    /** Where a key's value came from: one origin, or one per item of a list or table. */
    public List<String> origins(Key key) {
        Object v = merged.get(key);
        List<String> out = new ArrayList<>();
        if (v instanceof Sourced s) {
            out.add(s.origin());
        } else if (v instanceof List<?> l) {
            l.forEach(s -> out.add(((Sourced) s).origin()));
        } else if (v instanceof Map<?, ?> m) {
            m.values().forEach(s -> out.add(((Sourced) s).origin()));
        }
        return out;
    }

    /** The merged value of a key with its origins, for {@code ccy config show}. */
    public Object sourced(Key key) {
        return merged.get(key);
    }

    /**
     * Every effective value in a fixed order, without origins: two loads that would render the same
     * session give the same text, so its hash tells whether a session is current. The rows marked
     * kept (the agent and resume commands, the worktree settings, conversations.keep) are left out: a session keeps its own.
     */
    public String canonical() {
        StringBuilder out = new StringBuilder();
        for (Key k : Key.values()) {
            if (!k.unitInput()) {
                continue;
            }
            Object v = merged.get(k);
            out.append(k.toml()).append('=');
            if (v instanceof Sourced s) {
                out.append(s.value());
            } else if (v instanceof List<?> l) {
                l.forEach(s -> out.append(((Sourced) s).value()).append('\u001f'));
            } else if (v instanceof Map<?, ?> m) {
                m.forEach((name, s) -> out.append(name).append('=').append(((Sourced) s).value()).append('\u001f'));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private Object scalar(Key key) {
        Object v = merged.get(key);
        return v instanceof Sourced s ? s.value() : null;
    }

    private <T> List<T> list(Key key, Class<T> type) {
        Object v = merged.get(key);
        if (!(v instanceof List<?> l)) {
            return List.of();
        }
        return l.stream().map(s -> type.cast(((Sourced) s).value())).toList();
    }

    private Map<String, String> table(Key key) {
        Map<String, String> out = new LinkedHashMap<>();
        if (merged.get(key) instanceof Map<?, ?> m) {
            m.forEach((name, s) -> out.put((String) name, (String) ((Sourced) s).value()));
        }
        return out;
    }
}
