package dev.ccy.session.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Quadlet drop-ins that apply to every {@code .container} unit (Podman 5.2+: {@code container.d/}
 * in any user Quadlet directory), and so to every ccy session, whatever its template says.
 */
public final class DropIns {
    private DropIns() {
    }

    /** The user Quadlet search path for {@code uid} (podman-systemd.unit(5), rootless). */
    public static List<Path> searchPath(Path runtimeDir, Path configHome, long uid) {
        return List.of(runtimeDir.resolve("containers/systemd"), configHome.resolve("containers/systemd"),
                Path.of("/etc/containers/systemd/users", Long.toString(uid)), Path.of("/etc/containers/systemd/users"),
                Path.of("/usr/share/containers/systemd/users", Long.toString(uid)), Path.of("/usr/share/containers/systemd/users"));
    }

    /** The {@code *.conf} files in {@code container.d/} of those directories. */
    public static List<Path> generic(List<Path> dirs) {
        List<Path> found = new ArrayList<>();
        for (Path dir : dirs) {
            Path d = dir.resolve("container.d");
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                files.filter(f -> f.getFileName().toString().endsWith(".conf")).sorted().forEach(found::add);
            } catch (IOException ignored) {
                // unreadable: Quadlet cannot read it either
            }
        }
        return found;
    }
}
