package dev.ccy.settings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an untrusted project file may set: each setting's row in {@link Key} names its rule. The
 * worktree is written by whoever wrote the repository, and inside a session by the agent itself,
 * so a project file may change what stays inside the session (image, agent command, static
 * environment, limits that narrow, mounts of the worktree's own directories), but nothing that
 * widens the session's reach on the host: mounts from outside the worktree, devices, forwarded
 * variables, secrets, published ports, the host's network, capabilities added, or security
 * options loosened.
 */
public enum Trust {
    /** Stays inside the session: any value applies. */
    ANY,
    /** Widens the session's reach: only an empty list or table applies untrusted. */
    EMPTY_ONLY,
    /** Never from an untrusted project file. */
    NEVER,
    /** Only the row's safe value applies untrusted (e.g. seccomp "default", no_new_privileges true). */
    SAFE_VALUE_ONLY,
    /** Anything but the row's unsafe value (network "host"). */
    NOT_UNSAFE_VALUE,
    /** A limit applies only where it narrows the one below (0 or "": none). */
    NARROWS,
    /** Mounts apply only where their source is inside the worktree. */
    INSIDE_WORKTREE;

    /** What of a project value applies untrusted, and a word on what was held back (null: nothing). */
    record Split(Object allowed, String heldBack) {
    }

    Split split(Key key, Object value, Object lower, Path worktree) {
        return switch (this) {
            case ANY -> allow(value);
            case EMPTY_ONLY -> empty(value) ? allow(value) : hold(key.toml());
            case NEVER -> hold(key.toml());
            case SAFE_VALUE_ONLY -> key.safeValues().contains(plain(value)) ? allow(value)
                    : hold(value instanceof Boolean ? key.toml() + " = " + value : key.toml());
            case NOT_UNSAFE_VALUE -> key.safeValues().contains(plain(value)) ? hold(key.toml() + " " + value) : allow(value);
            case NARROWS -> narrows(amount(value), amount(lower)) ? allow(value) : hold("a larger " + key.toml());
            case INSIDE_WORKTREE -> mounts(value, worktree);
        };
    }

    private static Split allow(Object value) {
        return new Split(value, null);
    }

    private static Split hold(String what) {
        return new Split(null, what);
    }

    private static boolean empty(Object value) {
        return value instanceof Collection<?> c ? c.isEmpty() : value instanceof Map<?, ?> m && m.isEmpty();
    }

    /** A value as the rows' safe values are written: text stripped, booleans as they are. */
    private static Object plain(Object value) {
        return value instanceof String s ? s.strip() : value;
    }

    private static Split mounts(Object value, Path worktree) {
        List<Mount> ok = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) value) {
            Mount m = ((Mount) o).resolve(Path.of("/nonexistent"), worktree);
            if (inside(Path.of(m.source()), worktree)) {
                ok.add(m);
            } else {
                out.add(m.source());
            }
        }
        return new Split(ok.isEmpty() ? null : ok, out.isEmpty() ? null : "mounts " + String.join(", ", out));
    }

    /** A limit (0: none) narrows when there was none, or it is set and no larger than the one below. */
    private static boolean narrows(double limit, double lower) {
        return limit > 0 && (lower <= 0 || limit <= lower);
    }

    /** A limit's amount: a count, a number of CPUs, or a size in bytes ("8g"); 0 for none. */
    private static double amount(Object v) {
        if (v instanceof Long n) {
            return n;
        }
        String s = v == null ? "" : ((String) v).toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            return 0;
        }
        char unit = s.charAt(s.length() - 1);
        double n = Double.parseDouble(Character.isDigit(unit) ? s : s.substring(0, s.length() - 1));
        return switch (unit) {
            case 'k' -> n * 1024;
            case 'm' -> n * 1024 * 1024;
            case 'g' -> n * 1024 * 1024 * 1024;
            default -> n;
        };
    }

    /** True if the path, links resolved, is the worktree or below it; a path that is not there is not. */
    static boolean inside(Path path, Path worktree) {
        try {
            return path.toRealPath().startsWith(worktree.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }
}
