package dev.ccy.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an untrusted project file may set. The worktree is written by whoever wrote the repository,
 * and inside a session by the agent itself, so a project file may change what stays inside the
 * session (image, agent command, static environment, limits that narrow, mounts of the worktree's
 * own directories), but nothing that widens the session's reach on the host: mounts from outside
 * the worktree, devices, forwarded variables, secrets, published ports, the host's network,
 * capabilities added, or security options loosened.
 */
final class Trust {
    private Trust() {
    }

    /** What of a project value applies untrusted, and a word on what was held back (null: nothing). */
    record Split(Object allowed, String heldBack) {
    }

    static Split split(Key key, Object value, Object lower, Path worktree) {
        switch (key) {
            case MOUNTS: {
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
            case DEVICES:
            case FORWARD_ENV:
            case PORTS:
            case CAP_ADD:
                return ((List<?>) value).isEmpty() ? new Split(value, null) : new Split(null, key.toml());
            case SECRETS:
                return ((Map<?, ?>) value).isEmpty() ? new Split(value, null) : new Split(null, key.toml());
            case NETWORK:
                return value.equals("host") ? new Split(null, "network host") : new Split(value, null);
            case MEMORY:
                return narrows(size((String) value), size((String) lower)) ? new Split(value, null) : new Split(null, "a larger limits.memory");
            case CPUS:
                return narrows(cpus((String) value), cpus((String) lower)) ? new Split(value, null) : new Split(null, "a larger limits.cpus");
            case PIDS:
                return narrows((double) (Long) value, lower == null ? 0 : (double) (Long) lower)
                        ? new Split(value, null) : new Split(null, "a larger limits.pids");
            case NO_NEW_PRIVILEGES:
            case PRIVATE_TMP:
                return Boolean.TRUE.equals(value) ? new Split(value, null) : new Split(null, key.toml() + " = false");
            case SECCOMP:
                return value.equals("default") ? new Split(value, null) : new Split(null, "security.seccomp");
            case SELINUX:
                return value.equals("default") ? new Split(value, null) : new Split(null, "security.selinux");
            default:
                return new Split(value, null);
        }
    }

    /** A limit (0: none) narrows when there was none, or it is set and no larger than the one below. */
    private static boolean narrows(double limit, double lower) {
        return limit > 0 && (lower <= 0 || limit <= lower);
    }

    private static double size(String s) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        String t = s.toLowerCase(Locale.ROOT);
        char unit = t.charAt(t.length() - 1);
        double n = Double.parseDouble(Character.isDigit(unit) ? t : t.substring(0, t.length() - 1));
        return switch (unit) {
            case 'k' -> n * 1024;
            case 'm' -> n * 1024 * 1024;
            case 'g' -> n * 1024 * 1024 * 1024;
            default -> n;
        };
    }

    private static double cpus(String s) {
        return s == null || s.isEmpty() ? 0 : Double.parseDouble(s);
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
