package dev.ccy.settings;

import dev.ccy.CcyException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Loads the settings for a worktree from every layer, lowest first: built-in defaults, the system
 * files ({@code /etc/ccy/}), the user's ({@code $XDG_CONFIG_HOME/ccy/}), the project's
 * ({@code .claude/ccy/config.toml} in the worktree, gated by trust), the environment
 * ({@code CCY_IMAGE}...), what a session keeps of its own flags, and the command line.
 */
public final class SettingsLoader {
    /** Where a worktree keeps its settings: CCY users already keep .claude/ccy/ in their projects. */
    public static final String PROJECT_FILE = ".claude/ccy/config.toml";
    static final String DEFAULTS = "/dev/ccy/settings/defaults.toml";

    private final Path systemDir;
    private final Path userDir;
    private final Path home;
    private final TrustStore trust;
    private final Map<String, String> env;
    private final Consumer<String> warn;
    // each file is read once per command, however many sessions' settings it serves (ccy list)
    private final Map<Path, Layer> files = new java.util.HashMap<>();
    private Layer builtIn;

    /**
     * @param systemDir /etc/ccy
     * @param userDir   $XDG_CONFIG_HOME/ccy
     * @param warn      receives one-line warnings (unknown keys), without the "ccy: " prefix
     */
    public SettingsLoader(Path systemDir, Path userDir, Path home, TrustStore trust, Map<String, String> env, Consumer<String> warn) {
        this.systemDir = systemDir;
        this.userDir = userDir;
        this.home = home;
        this.trust = trust;
        this.env = Map.copyOf(env);
        this.warn = warn;
    }

    public TrustStore trust() {
        return trust;
    }

    /** The files that apply to a worktree, in the order they apply (the old key=value files first in their directory). */
    public List<Path> files(Path worktree) {
        return List.of(systemDir.resolve("config"), systemDir.resolve("config.toml"), userDir.resolve("config"),
                userDir.resolve("config.toml"), projectFile(worktree));
    }

    public static Path projectFile(Path worktree) {
        return worktree.resolve(PROJECT_FILE);
    }

    /** The settings of a worktree with a session's kept flags and this command's flags on top. */
    public Settings load(Path worktree, Path cwd, Overrides session, Overrides flags) {
        List<Layer> layers = new ArrayList<>();
        if (builtIn == null) {
            builtIn = TomlSource.builtIn(dev.ccy.Resources.builtIn(DEFAULTS));
        }
        layers.add(builtIn);
        List<Path> paths = files(worktree);
        for (int i = 0; i < paths.size(); i++) {
            Layer.Kind kind = i < 2 ? Layer.Kind.SYSTEM : i < 4 ? Layer.Kind.USER : Layer.Kind.PROJECT;
            layers.add(files.computeIfAbsent(paths.get(i), p -> TomlSource.read(kind, p, warn)));
        }
        layers.add(environment());
        layers.add(session.layer(Layer.Kind.SESSION));
        layers.add(flags.layer(Layer.Kind.FLAGS));

        Path project = projectFile(worktree);
        String projectText = TomlSource.text(project, true);
        boolean trusted = projectText != null && trust.trusts(project, projectText);
        Map<Key, Object> merged = new LinkedHashMap<>();
        List<String> heldBack = new ArrayList<>();
        for (Layer layer : layers) {
            Path base = layer.kind() == Layer.Kind.PROJECT ? worktree : layer.kind() == Layer.Kind.FLAGS ? cwd : home;
            for (Layer.Entry e : layer.entries()) {
                Object value = e.value();
                if (e.key() == Key.MOUNTS) {
                    value = ((List<?>) value).stream().map(m -> ((Mount) m).resolve(home, base)).toList();
                }
                if (layer.kind() == Layer.Kind.PROJECT && !trusted) {
                    Object lower = merged.get(e.key()) instanceof Settings.Sourced s ? s.value() : null;
                    Trust.Split split = e.key().trust().split(e.key(), value, lower, worktree);
                    if (split.heldBack() != null) {
                        heldBack.add(split.heldBack());
                    }
                    if (split.allowed() == null) {
                        continue;
                    }
                    value = split.allowed();
                }
                put(merged, e.key(), value, e.origin());
            }
        }
        return new Settings(merged, heldBack, project, trusted);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<Key, Object> merged, Key key, Object value, String origin) {
        if (value instanceof List<?> items && key.merges()) {
            List<Settings.Sourced> list = (List<Settings.Sourced>) merged.computeIfAbsent(key, k -> new ArrayList<Settings.Sourced>());
            for (Object item : items) {
                if (list.stream().noneMatch(s -> s.value().equals(item))) {
                    list.add(new Settings.Sourced(item, origin));
                }
            }
        } else if (value instanceof Map<?, ?> table) {
            Map<String, Settings.Sourced> map =
                    (Map<String, Settings.Sourced>) merged.computeIfAbsent(key, k -> new LinkedHashMap<String, Settings.Sourced>());
            table.forEach((name, v) -> map.put((String) name, new Settings.Sourced(v, origin)));
        } else {
            merged.put(key, new Settings.Sourced(value, origin));
        }
    }

    private Layer environment() {
        List<Layer.Entry> entries = new ArrayList<>();
        for (Key k : Key.values()) {
            String name = k.env().orElse(null);
            String v = name == null ? null : env.get(name);
            if (v != null && !v.isBlank()) {
                try {
                    entries.add(new Layer.Entry(k, k.read(v.strip()), "$" + name));
                } catch (CcyException e) {
                    throw CcyException.usage("$" + name + ": " + e.getMessage());
                }
            }
        }
        return new Layer(Layer.Kind.ENVIRONMENT, "environment", null, entries);
    }
}
