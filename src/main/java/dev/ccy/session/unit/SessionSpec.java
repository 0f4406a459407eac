package dev.ccy.session.unit;

import dev.ccy.session.agent.Agent;
import dev.ccy.session.store.Alias;
import dev.ccy.session.store.SessionName;
import dev.ccy.session.store.Stamp;
import dev.ccy.session.store.Worktree;
import dev.ccy.CcyException;
import dev.ccy.quadlet.ContainerKey;
import dev.ccy.quadlet.PodmanVersion;
import dev.ccy.quadlet.UnitValues;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.ccy.Names;

/**
 * Everything a session's unit is rendered from: who it is (name, alias, worktree, state), what it
 * runs (image, agent), the container options its settings ask for, and the stamp that says which
 * ccy and which inputs made it ({@code ccy upgrade} compares it with what they would make now).
 */
public record SessionSpec(SessionName name, String alias, Worktree worktree, String image, Agent agent, Path entrypoint,
                          Path state, Path file, PodmanVersion podman, ContainerOptions options, Stamp stamp, Path kept) {
    public static final String TEMPLATE = "session.container.ftl";
    /** Where the worktree appears inside the container. */
    public static final String WORKSPACE = "/workspace";

    public SessionSpec {
        if (!Names.isImage(image)) {
            throw CcyException.usage("'" + image + "' is not an image reference");
        }
        // the worktree goes into Mount= (CSV in one quoted word) and labels, which carry any path
        // but one with a control character; the other paths are ccy's own, still in Volume=
        try {
            UnitValues.word("worktree path", worktree.path().toString());
        } catch (CcyException e) {
            throw CcyException.usage(e.getMessage() + " (rename the directory)");
        }
        checkPath("entrypoint path", entrypoint);
        checkPath("session state path", state);
        checkPath("unit file path", file);
        if (kept != null) {
            checkPath("kept conversations path", kept);
        }
        alias = alias == null ? "" : alias;
        if (!alias.isEmpty()) {
            Alias.check(alias);
        }
        UnitValues.word("branch name", worktree.branch());
    }

    /** A spec whose ephemeral end keeps no HOME. */
    public SessionSpec(SessionName name, String alias, Worktree worktree, String image, Agent agent, Path entrypoint,
                       Path state, Path file, PodmanVersion podman, ContainerOptions options, Stamp stamp) {
        this(name, alias, worktree, image, agent, entrypoint, state, file, podman, options, stamp, null);
    }

    /** A spec with no settings beyond image and agent (tests, examples). */
    public SessionSpec(SessionName name, String alias, Worktree worktree, String image, Agent agent, Path entrypoint,
                       Path state, Path file, PodmanVersion podman) {
        this(name, alias, worktree, image, agent, entrypoint, state, file, podman, ContainerOptions.NONE, Stamp.NONE);
    }

    private static void checkPath(String what, Path path) {
        String p = path.toString();
        UnitValues.raw(what, p);
        if (p.contains(":")) {
            throw new CcyException(what + " " + UnitValues.printable(p)
                    + " contains ':', which Podman's volume syntax cannot carry");
        }
    }

    /** The labels ccy finds sessions by; rendered units must carry them exactly. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("ccy.session", name.name());
        labels.put("ccy.project", name.project());
        labels.put("ccy.worktree", worktree.path().toString());
        labels.put("ccy.branch", worktree.branch());
        if (!alias.isEmpty()) {
            labels.put(Alias.LABEL, alias);
        }
        return labels;
    }

    /** The FreeMarker data model: plain maps and lists, so templates need no Java knowledge. */
    public Map<String, Object> model() {
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("name", name.name());
        session.put("unit", name.unit());
        session.put("project", name.project());
        session.put("slot", name.slot());
        session.put("worktree", worktree.path().toString());
        session.put("branch", worktree.branch());
        session.put("image", image);
        session.put("command", agent.command());
        session.put("resume", agent.resume());
        session.put("entrypoint", entrypoint.toString());
        session.put("state", state.toString());
        session.put("file", file.toString());
        // where an ephemeral session's end moves its HOME to (KeptConversations); "": nowhere
        session.put("kept", kept == null ? "" : kept.toString());
        session.put("alias", alias);
        session.put("workspace", WORKSPACE);
        session.put("labels", labels());
        session.put("options", options.model());
        Map<String, Object> ccy = new LinkedHashMap<>();
        ccy.put("version", stamp.version());
        ccy.put("inputs", stamp.inputs());
        ccy.put("overrides", stamp.overrides());
        Map<String, Object> pod = new LinkedHashMap<>();
        pod.put("version", podman.toString());
        pod.put("keys", supportedKeys(podman));
        return Map.of("session", session, "podman", pod, "ccy", ccy);
    }

    private static List<String> supportedKeys(PodmanVersion podman) {
        return java.util.Arrays.stream(ContainerKey.values()).filter(k -> k.supportedBy(podman)).map(Enum::name).toList();
    }
}
