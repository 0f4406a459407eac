package dev.ccy.session.unit;

import dev.ccy.session.store.SessionName;
import dev.ccy.CcyException;
import dev.ccy.quadlet.ContainerKey;
import dev.ccy.quadlet.PodmanVersion;
import dev.ccy.quadlet.UnitFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Quadlet's own drop-ins, a systemd-native settings layer beside ccy's: {@code *.conf} files in
 * {@code <unit>.container.d/} (Podman 5.0+) and, from Podman 5.2, in the type-wide
 * {@code container.d/} and the dash-truncated {@code ccy-.container.d/} (every session) and
 * {@code ccy-<project>-.container.d/} (every session of a project). They are applied to the
 * session's unit by the generator, so ccy checks their keys like its own, shows them in
 * {@code ccy render}, and warns about a type-wide one, which reaches every container of the user.
 */
public final class DropIns {
    private static final PodmanVersion UNIT_DROP_INS = new PodmanVersion(5, 0, 0);
    private static final PodmanVersion WIDE_DROP_INS = new PodmanVersion(5, 2, 0);

    private DropIns() {
    }

    /** The drop-in directories that apply to a unit, least specific first. */
    static List<Path> dirs(Path quadletDir, SessionName name, PodmanVersion podman) {
        List<Path> dirs = new ArrayList<>();
        if (podman.atLeast(WIDE_DROP_INS)) {
            dirs.add(quadletDir.resolve("container.d"));
            String base = name.name();
            // every prefix ending in '-', shortest first: ccy-, ccy-my-, ccy-my-project-
            for (int i = base.indexOf('-'); i >= 0; i = base.indexOf('-', i + 1)) {
                dirs.add(quadletDir.resolve(base.substring(0, i + 1) + ".container.d"));
            }
        }
        if (podman.atLeast(UNIT_DROP_INS)) {
            dirs.add(quadletDir.resolve(name.fileName() + ".d"));
        }
        return dirs;
    }

    /**
     * The drop-in files the generator applies to this session, in the order it applies them: by
     * file name, a more specific directory's file replacing a same-named one of a less specific.
     */
    public static List<Path> files(Path quadletDir, SessionName name, PodmanVersion podman) {
        Map<String, Path> byName = new TreeMap<>();
        for (Path dir : dirs(quadletDir, name, podman)) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = confs(dir)) {
                s.filter(Files::isRegularFile).forEach(f -> byName.put(f.getFileName().toString(), f));
            } catch (IOException e) {
                throw new CcyException("cannot read " + dir + ": " + e.getMessage());
            }
        }
        return List.copyOf(byName.values());
    }

    /** The user Quadlet search path for {@code uid} (podman-systemd.unit(5), rootless), most specific first. */
    public static List<Path> searchPath(Path runtimeDir, Path configHome, long uid) {
        return List.of(runtimeDir.resolve("containers/systemd"), configHome.resolve("containers/systemd"),
                Path.of("/etc/containers/systemd/users", Long.toString(uid)), Path.of("/etc/containers/systemd/users"),
                Path.of("/usr/share/containers/systemd/users", Long.toString(uid)), Path.of("/usr/share/containers/systemd/users"));
    }

    /**
     * The type-wide drop-ins ({@code *.conf} in {@code container.d/}) of those directories: they
     * apply to every {@code .container} unit (Podman 5.2+), and so to every ccy session, whatever
     * its template says.
     */
    public static List<Path> typeWide(List<Path> dirs) {
        List<Path> found = new ArrayList<>();
        for (Path dir : dirs) {
            Path d = dir.resolve("container.d");
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = confs(d)) {
                files.sorted().forEach(found::add);
            } catch (IOException ignored) {
                // unreadable: Quadlet cannot read it either
            }
        }
        return found;
    }

    private static Stream<Path> confs(Path dir) throws IOException {
        return Files.list(dir).filter(f -> f.getFileName().toString().endsWith(".conf"));
    }

    /**
     * Checks every drop-in of a session as the generator will read it: it parses, and each
     * {@code [Container]} key exists in this Podman. Returns warnings (a type-wide drop-in).
     */
    public static List<String> check(Path quadletDir, SessionName name, PodmanVersion podman) {
        List<String> warnings = new ArrayList<>();
        for (Path f : files(quadletDir, name, podman)) {
            UnitFile unit;
            try {
                unit = UnitFile.parse(Files.readString(f, StandardCharsets.UTF_8));
            } catch (IOException | CcyException e) {
                throw new CcyException("drop-in " + f + " cannot be read as a unit file: " + e.getMessage());
            }
            for (UnitFile.Entry e : unit.entries()) {
                if (e.section().equals("Container")) {
                    ContainerKey key = ContainerKey.named(e.key()).orElseThrow(() -> new CcyException("drop-in " + f + " line "
                            + e.line() + " has " + e.key() + "=, which Quadlet does not know: the session would not load"));
                    if (!key.supportedBy(podman)) {
                        throw new CcyException("drop-in " + f + " line " + e.line() + " has " + e.key() + "=, which needs Podman "
                                + key.since().major() + "." + key.since().minor() + " (this is " + podman + ")");
                    }
                }
            }
            if (f.getParent().getFileName().toString().equals("container.d")) {
                warnings.add("drop-in " + f + " applies to every Quadlet container, ccy's sessions too;"
                        + " for sessions only, put it in " + quadletDir.resolve("ccy-.container.d") + "/");
            }
        }
        return warnings;
    }

    /** The drop-ins as {@code systemctl cat} shows them, after the unit: what the generator will merge. */
    public static String show(List<Path> files) {
        StringBuilder out = new StringBuilder();
        for (Path f : files) {
            try {
                out.append("\n# ").append(f).append('\n').append(Files.readString(f, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new CcyException("cannot read " + f + ": " + e.getMessage());
            }
        }
        return out.toString();
    }
}
