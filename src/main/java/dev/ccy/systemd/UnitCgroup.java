package dev.ccy.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a unit of the user's manager has processes, read from its cgroup (cgroup v2, which
 * Quadlet requires) instead of asked over D-Bus: one small file, no connection. Quadlet units live
 * in the manager's app.slice. Anything unexpected (another layout, cgroup v1) reads as "no", and
 * callers then ask systemd as before.
 */
public final class UnitCgroup {
    public static final Path ROOT = Path.of("/sys/fs/cgroup");

    private UnitCgroup() {
    }

    public static boolean populated(Path root, long uid, String unit) {
        Path events = root.resolve("user.slice/user-" + uid + ".slice/user@" + uid + ".service/app.slice")
                .resolve(unit).resolve("cgroup.events");
        try {
            return Files.readString(events, StandardCharsets.US_ASCII).lines().anyMatch("populated 1"::equals);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
