package dev.ccy.session.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where ccy reads and writes, following the XDG base directory spec (and Podman's own choice of
 * {@code $XDG_CONFIG_HOME/containers/systemd} for user Quadlets).
 */
public record UserPaths(Path home, Path configHome, Path dataHome, Path stateHome, Path systemConfig) {

    public static UserPaths fromEnvironment() {
        return from(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static UserPaths from(Map<String, String> env, Path home) {
        return new UserPaths(home,
                xdg(env, "XDG_CONFIG_HOME", home.resolve(".config")),
                xdg(env, "XDG_DATA_HOME", home.resolve(".local/share")),
                xdg(env, "XDG_STATE_HOME", home.resolve(".local/state")),
                Path.of(env.getOrDefault("CCY_SYSTEM_CONFIG_DIR", "/etc/ccy")));
    }

    private static Path xdg(Map<String, String> env, String name, Path fallback) {
        String v = env.get(name);
        // The spec says relative values are invalid and must be ignored.
        return v != null && v.startsWith("/") ? Path.of(v) : fallback;
    }

    /** Where Quadlet looks for this user's units (podman-systemd.unit(5)). */
    public Path quadletDir() {
        return configHome.resolve("containers/systemd");
    }

    /** Template override directories, most specific first. */
    public List<Path> templateDirs() {
        return List.of(configHome.resolve("ccy/templates"), systemConfig.resolve("templates"));
    }

    /** Config files, most specific first. */
    public List<Path> configFiles() {
        return List.of(configHome.resolve("ccy/config"), systemConfig.resolve("config"));
    }

    public Path entrypoint() {
        return dataHome.resolve("ccy/session-entrypoint.sh");
    }

    /**
     * A session's own persistent directory (the agent's HOME lives in it): outside the worktree,
     * so neither git clean nor a copy of the project takes the agent's credentials and history.
     * Named with the creation time, so a later session in a reused slot starts clean.
     */
    public Path sessionState(SessionName name, long createdEpochSeconds) {
        return sessionsDir().resolve(name.name() + "." + createdEpochSeconds);
    }

    /** Where the sessions' state directories are. */
    public Path sessionsDir() {
        return dataHome.resolve("ccy/sessions");
    }

    /** Where ended and removed sessions' HOMEs are kept (KeptConversations). */
    public Path conversationsDir() {
        return dataHome.resolve("ccy/conversations");
    }

    public Path lockFile() {
        return stateHome.resolve("ccy/lock");
    }
}
