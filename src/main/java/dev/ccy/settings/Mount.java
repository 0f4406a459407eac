package dev.ccy.settings;

import dev.ccy.CcyException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * An extra mount: a host path at a container path, read-only or read-write, with an SELinux label
 * choice: {@code z} (shared label, the default: other containers may use it too), {@code Z}
 * (private label) or {@code nolabel} (leave the host's label alone). The source may start with
 * {@code ~/}; a relative source is relative to the file that names it (the worktree for a project
 * file), resolved by {@link #resolve}.
 */
public record Mount(String source, String target, boolean readOnly, String selinux) {
    private static final Set<String> LABELS = Set.of("z", "Z", "nolabel");

    public Mount {
        if (source == null || source.isBlank() || target == null || !target.startsWith("/")) {
            throw CcyException.usage("a mount needs a source and an absolute target path, not '" + source + "' -> '" + target + "'");
        }
        if (!LABELS.contains(selinux)) {
            throw CcyException.usage("mount label '" + selinux + "' is not z, Z or nolabel");
        }
        for (String p : new String[] {source, target}) {
            if (p.contains(":") || p.contains(",")) {
                throw CcyException.usage("mount path '" + p + "' contains ':' or ',', which podman's volume syntax cannot carry");
            }
        }
    }

    /** {@code SRC:DST[:OPTIONS]} with options ro, rw, z, Z, nolabel separated by commas, as podman -v. */
    public static Mount parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw CcyException.usage("'" + text + "' is not a mount: use SRC:DST or SRC:DST:ro (options ro, rw, z, Z, nolabel)");
        }
        boolean ro = false;
        String label = "z";
        if (parts.length == 3) {
            for (String opt : parts[2].split(",")) {
                switch (opt) {
                    case "ro" -> ro = true;
                    case "rw" -> ro = false;
                    case "z", "Z", "nolabel" -> label = opt;
                    default -> throw CcyException.usage("'" + opt + "' in mount '" + text + "' is not ro, rw, z, Z or nolabel");
                }
            }
        }
        return new Mount(parts[0], parts[1], ro, label);
    }

    /** A mount table: {@code {source = "...", target = "...", readonly = true, selinux = "z"}}. */
    static Mount of(Map<?, ?> table) {
        for (Object k : table.keySet()) {
            if (!Set.of("source", "target", "readonly", "selinux").contains(String.valueOf(k))) {
                throw CcyException.usage("a mount table has source, target, readonly and selinux, not '" + k + "'");
            }
        }
        Object ro = table.get("readonly");
        if (ro != null && !(ro instanceof Boolean)) {
            throw CcyException.usage("a mount's readonly is true or false, not '" + ro + "'");
        }
        Object label = table.get("selinux");
        return new Mount(str(table.get("source")), str(table.get("target")), Boolean.TRUE.equals(ro),
                label == null ? "z" : str(label));
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    /** The mount with its source made absolute: {@code ~/} against home, relative against base. */
    public Mount resolve(Path home, Path base) {
        String s = source;
        Path p = s.equals("~") ? home : s.startsWith("~/") ? home.resolve(s.substring(2)) : base.resolve(s);
        return new Mount(p.normalize().toString(), target, readOnly, selinux);
    }

    /** The volume syntax Quadlet's Volume= takes: {@code SRC:DST:ro,z}. */
    public String volume() {
        String opts = (readOnly ? "ro" : "rw") + (selinux.equals("nolabel") ? "" : "," + selinux);
        return source + ":" + target + ":" + opts;
    }

    @Override
    public String toString() {
        return source + ":" + target + ":" + (readOnly ? "ro" : "rw") + "," + selinux;
    }
}
