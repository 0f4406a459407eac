package dev.ccy.session;

import dev.ccy.session.store.Session;
import dev.ccy.CcyException;
import dev.ccy.podman.Podman;
import dev.ccy.quadlet.UnitFile;
import dev.ccy.systemd.UserManager;
import dev.ccy.systemd.UserRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One session in full, for {@code ccy status}: what ccy list shows, plus what its unit file says
 * (mounts, secrets by name, agent and resume commands), what podman says of its container, and
 * whether a restart would pick up something new (an upgrade pending).
 */
public record SessionDetails(SessionStatus status, List<Mount> mounts, List<String> secrets, List<String> agentCommand,
                             String resumeCommand, Optional<Podman.Container> container, List<String> pendingUpgrades) {

    /** A Volume= or Mount= of the unit: host path, container path, options. */
    public record Mount(String source, String destination, String options) {
    }

    /** Reads the session's file and asks podman and systemd about it. */
    public static SessionDetails of(SessionStatus status, Podman podman, UserRuntime runtime) {
        Session s = status.session();
        UnitFile unit;
        try {
            unit = UnitFile.parse(Files.readString(s.file(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CcyException("cannot read " + s.file() + ": " + e.getMessage());
        }
        Optional<Podman.Container> container = status.running() ? podman.container(s.container()) : Optional.empty();
        List<String> pending = new ArrayList<>();
        try (UserManager systemd = UserManager.connect(runtime)) {
            if (systemd.needsReload(s.name().unit())) {
                pending.add("the unit file changed since systemd read it (systemctl --user daemon-reload, then ccy stop and start)");
            }
        }
        if (container.isPresent()) {
            Optional<String> now = podman.imageId(s.image());
            if (now.isPresent() && !now.get().equals(container.get().imageId())) {
                pending.add("the image " + s.image() + " was rebuilt since the container started (ccy stop and ccy start)");
            }
        }
        return new SessionDetails(status, mounts(unit), secrets(unit), words(unit.last("Container", "Exec").orElse("")),
                resume(unit), container, pending);
    }

    public static List<Mount> mounts(UnitFile unit) {
        List<Mount> mounts = new ArrayList<>();
        for (UnitFile.Entry e : unit.entries()) {
            if (!e.section().equals("Container")) {
                continue;
            }
            if (e.key().equals("Volume")) {
                mounts.add(volume(e.value().replace("%%", "%").replace("$$", "$")));
            } else if (e.key().equals("Mount")) {
                words(e.value()).forEach(w -> mounts.add(mount(w)));
            }
        }
        return mounts;
    }

    private static Mount volume(String value) {
        // host paths may hold ':' only if written so; the template's three-part form is host:container:options
        int first = value.indexOf(':');
        int last = value.lastIndexOf(':');
        if (first < 0) {
            return new Mount("", value, "");
        } else if (first == last) {
            return new Mount(value.substring(0, first), value.substring(first + 1), "");
        }
        return new Mount(value.substring(0, first), value.substring(first + 1, last), value.substring(last + 1));
    }

    /** A Mount= record (podman's --mount CSV): source and destination by name, the rest as options. */
    private static Mount mount(String record) {
        String source = "";
        String destination = "";
        List<String> options = new ArrayList<>();
        for (String field : dev.ccy.quadlet.UnitValues.csvFields(record)) {
            String key = field.split("=", 2)[0];
            String value = field.contains("=") ? field.substring(key.length() + 1) : "";
            switch (key) {
                case "source", "src" -> source = value;
                case "destination", "dst", "target" -> destination = value;
                case "type" -> { }
                default -> options.add(field);
            }
        }
        return new Mount(source, destination, String.join(",", options));
    }

    /** Secret= names only (the first field before any ",type=..."), never values: podman holds those. */
    static List<String> secrets(UnitFile unit) {
        return unit.all("Container", "Secret").stream().map(v -> v.split(",", 2)[0].strip()).toList();
    }

    static String resume(UnitFile unit) {
        for (String env : unit.all("Container", "Environment")) {
            for (String w : words(env)) {
                if (w.startsWith("CCY_RESUME_CMD=")) {
                    return w.substring("CCY_RESUME_CMD=".length());
                }
            }
        }
        return "";
    }

    private static List<String> words(String value) {
        try {
            return UnitFile.words(value);
        } catch (CcyException e) {
            return List.of(value); // a hand edit systemd would expand: show it as written
        }
    }
}
