package dev.ccy.session;

import dev.ccy.quadlet.UnitFile;
import java.nio.file.Path;
import java.util.Map;

/** A session as its Quadlet file describes it. */
public record Session(SessionName name, Path file, String project, String worktree, String branch, String image,
                      Path state, String alias) {

    static Session from(SessionName name, Path file, UnitFile unit) {
        Map<String, String> labels = unit.labels(false);
        return new Session(name, file,
                labels.getOrDefault("ccy.project", name.project()),
                labels.getOrDefault("ccy.worktree", ""),
                labels.getOrDefault("ccy.branch", ""),
                unit.last("Container", "Image").orElse(""),
                stateOf(unit),
                labels.getOrDefault(Alias.LABEL, ""));
    }

    /** The source of the Volume= that is mounted at /ccy/state, if any. */
    private static Path stateOf(UnitFile unit) {
        for (String v : unit.all("Container", "Volume")) {
            String[] parts = v.split(":");
            if (parts.length >= 2 && parts[1].equals("/ccy/state")) { // the template's mount point
                return Path.of(parts[0].replace("%%", "%").replace("$$", "$"));
            }
        }
        return null;
    }

    /** A marker file in the session's state directory (see the template), or null without one. */
    public Path marker(String name) {
        return state == null ? null : state.resolve(name);
    }

    /** The name and, when it has one, the alias: {@code ccy-webshop-2 (review)}. */
    public String displayName() {
        return alias.isEmpty() ? name.name() : name.name() + " (" + alias + ")";
    }

    /** The container's name: ccy sets ContainerName to the session name. */
    public String container() {
        return name.name();
    }
}
