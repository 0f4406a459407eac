package dev.ccy.session.store;

import dev.ccy.CcyException;
import dev.ccy.quadlet.UnitFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A session as its Quadlet file describes it. {@code command}, {@code resume}, {@code stamp} are
 * what ccy upgrade keeps or compares; a hand-edited file may lack them (empty).
 */
public record Session(SessionName name, Path file, String project, String worktree, String branch, String image,
                      Path state, String alias, List<String> command, String resume, Stamp stamp) {

    public Session {
        command = List.copyOf(command);
    }

    /** A session whose unit says nothing of its agent or stamp (tests, hand-made units). */
    public Session(SessionName name, Path file, String project, String worktree, String branch, String image, Path state,
                   String alias) {
        this(name, file, project, worktree, branch, image, state, alias, List.of(), "", Stamp.NONE);
    }

    static Session from(SessionName name, Path file, UnitFile unit) {
        Map<String, String> labels = unit.labels(false);
        return new Session(name, file,
                labels.getOrDefault("ccy.project", name.project()),
                labels.getOrDefault("ccy.worktree", ""),
                labels.getOrDefault("ccy.branch", ""),
                unit.last("Container", "Image").orElse(""),
                stateOf(unit),
                labels.getOrDefault(Alias.LABEL, ""),
                words(unit.last("Container", "Exec").orElse("")),
                resumeOf(unit),
                new Stamp(unit.last("X-Ccy", "Version").orElse(""), unit.last("X-Ccy", "Inputs").orElse(""),
                        unit.all("X-Ccy", "Override").stream().flatMap(v -> words(v).stream()).toList()));
    }

    private static List<String> words(String value) {
        try {
            return UnitFile.words(value);
        } catch (CcyException e) {
            return List.of(); // hand-edited: not ours to interpret
        }
    }

    private static String resumeOf(UnitFile unit) {
        for (String v : unit.all("Container", "Environment")) {
            for (String w : words(v)) {
                if (w.startsWith("CCY_RESUME_CMD=")) {
                    return w.substring("CCY_RESUME_CMD=".length());
                }
            }
        }
        return "";
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
