package dev.ccy.quadlet;

import dev.ccy.CcyException;
import java.util.Map;
import java.util.Set;

/**
 * Checks a rendered {@code .container} file before it is written: that it parses as Quadlet parses
 * it, that the target Podman knows every {@code [Container]} key (the generator silently drops a
 * unit with one unknown key), and that the labels ccy finds sessions by came out exactly as meant,
 * which is the last line of defence against a value that escaped its quoting.
 */
public final class QuadletValidator {
    private static final Set<String> SECTIONS = Set.of("Unit", "Container", "Service", "Install", "Quadlet");
    private static final PodmanVersion QUADLET_SECTION = new PodmanVersion(5, 3, 0);

    private QuadletValidator() {
    }

    public static UnitFile validate(String rendered, PodmanVersion podman, Map<String, String> expectedLabels) {
        UnitFile unit;
        try {
            unit = UnitFile.parseRendered(rendered);
        } catch (CcyException e) {
            throw new CcyException("the rendered unit is not valid: " + e.getMessage());
        }
        for (String section : unit.sections()) {
            if (!SECTIONS.contains(section) && !section.startsWith("X-")) {
                throw new CcyException("the rendered unit has an unknown section [" + section + "]");
            }
            if (section.equals("Quadlet") && !podman.atLeast(QUADLET_SECTION)) {
                throw new CcyException("the rendered unit has a [Quadlet] section, which needs Podman "
                        + QUADLET_SECTION.major() + "." + QUADLET_SECTION.minor() + " or newer (this is " + podman + ")");
            }
        }
        for (UnitFile.Entry e : unit.entries()) {
            if (!e.section().equals("Container")) {
                continue;
            }
            ContainerKey key = ContainerKey.named(e.key()).orElseThrow(() -> new CcyException(
                    "the rendered unit has key " + e.key() + "= in [Container] (line " + e.line()
                            + "), which Quadlet does not know"));
            if (!key.supportedBy(podman)) {
                throw new CcyException("the rendered unit has key " + e.key() + "= in [Container], which needs Podman "
                        + key.since().major() + "." + key.since().minor() + " or newer (this is " + podman + ")");
            }
        }
        if (unit.last("Container", "Image").isEmpty() && unit.last("Container", "Rootfs").isEmpty()) {
            throw new CcyException("the rendered unit has no Image= in [Container]");
        }
        Map<String, String> labels;
        try {
            labels = unit.labels(true);
        } catch (CcyException e) {
            throw new CcyException("the rendered unit has a label systemd would change: " + e.getMessage());
        }
        String worktree = expectedLabels.get("ccy.worktree");
        if (worktree != null && worktree.contains(":")) {
            // a template copied before ccy mounted the worktree with Mount= (Volume= splits on ':')
            String escaped = worktree.replace("%", "%%").replace("$", "$$") + ":";
            for (String v : unit.all("Container", "Volume")) {
                if (v.startsWith(escaped)) {
                    throw CcyException.usage("the template mounts the worktree " + UnitValues.printable(worktree) + " with Volume=,"
                            + " which cannot carry its ':'; use the Mount= line of ccy's built-in template");
                }
            }
        }
        expectedLabels.forEach((k, v) -> {
            if (!v.equals(labels.get(k))) {
                throw new CcyException("the rendered unit does not carry label " + k + "=" + UnitValues.printable(v)
                        + " (found " + (labels.containsKey(k) ? UnitValues.printable(labels.get(k)) : "none") + ")");
            }
        });
        return unit;
    }
}
