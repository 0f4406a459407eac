package dev.ccy.session;

import dev.ccy.session.agent.Agent;
import dev.ccy.session.agent.Agents;
import dev.ccy.session.agent.SshAgentRelay;
import dev.ccy.session.store.GitLinks;
import dev.ccy.session.store.SessionName;
import dev.ccy.session.store.Stamp;
import dev.ccy.session.store.Worktree;
import dev.ccy.session.unit.ContainerOptions;
import dev.ccy.session.unit.SessionSpec;
import dev.ccy.session.unit.UnitRenderer;
import dev.ccy.CcyException;
import dev.ccy.TemplateFiles;
import dev.ccy.podman.ImageBuilder;
import dev.ccy.podman.ProjectImage;
import dev.ccy.podman.Secrets;
import dev.ccy.quadlet.PodmanVersion;
import dev.ccy.settings.Overrides;
import dev.ccy.settings.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a session's unit is made from, assembled one way for {@code ccy new}, {@code ccy render} and
 * {@code ccy upgrade}: the settings (saying what an untrusted project did not get), the image (the
 * project's own when its Containerfile is trusted), the agent, its options and the stamp.
 */
final class SessionSpecs {
    /** Where the agent reads ccy new --prompt's text: the state directory, as the container sees it. */
    static final String PROMPT_IN_CONTAINER = "/ccy/state/prompt";

    private final SessionContext ctx;
    private final UnitRenderer renderer;

    SessionSpecs(SessionContext ctx, UnitRenderer renderer) {
        this.ctx = ctx;
        this.renderer = renderer;
    }

    /** The settings for a worktree; says in one line what an untrusted project file did not get. */
    Settings settings(Worktree worktree, Path cwd, Overrides session, Overrides flags) {
        Settings s = ctx.settings.load(worktree.path(), cwd, session, flags);
        if (!s.heldBack().isEmpty()) {
            ctx.err.println("ccy: ignoring " + String.join(", ", s.heldBack()) + " from " + s.projectFile()
                    + (s.projectTrusted() ? "" : ": not trusted (or changed since); review it, then run: ccy trust"));
        }
        return s;
    }

    /** The agent a session runs, reading --prompt's text at its first start when there is one. */
    static Agent agent(Agents.Resolved resolved, String prompt) {
        return prompt.isEmpty() ? resolved.agent()
                : Agents.withPromptFile(resolved.agent(), resolved.profile().promptFlag(), PROMPT_IN_CONTAINER);
    }

    /**
     * The image a session of this worktree runs: its project image over the settings' image when
     * the user trusts the worktree's Containerfile as it is now, else the settings' image. With
     * {@code build} the project image is built if it is missing or stale (and an untrusted file
     * is named, with how to trust it); without, nothing is built or said (render, dry runs).
     */
    String image(Worktree worktree, String project, Settings settings, boolean build) {
        Path file = ProjectImage.find(worktree.path());
        if (file == null) {
            return settings.image();
        }
        String content = read(file);
        if (!ctx.settings.trust().trusts(file.toAbsolutePath().normalize(), content)) {
            if (build) {
                ctx.err.println("ccy: not building " + file + ": it is project content, not trusted (or changed since); review it,"
                        + " then run: ccy trust " + file);
            }
            return settings.image();
        }
        if (!build) {
            return ProjectImage.tag(project);
        }
        return new ProjectImage(ctx.podman).ensure(file, content, settings.image(), ProjectImage.tag(project),
                ImageBuilder.caFile(settings.buildCaFile()), ctx.err);
    }

    /** The whole spec of a session's unit; {@code kept} are the flags its unit records for upgrades. */
    SessionSpec spec(SessionName name, String alias, Worktree worktree, Settings settings, String image, Agents.Resolved resolved,
                     Agent agent, Path state, PodmanVersion version, Map<String, String> secrets, Overrides kept) {
        GitLinks git = GitLinks.of(worktree.path(), SessionSpec.WORKSPACE);
        if (!git.warning().isEmpty()) {
            ctx.err.println("ccy: warning: " + git.warning());
        }
        return new SessionSpec(name, alias, worktree, image, agent, ctx.paths.entrypoint(), state,
                ctx.store.dir().resolve(name.fileName()), version, options(settings, resolved, secrets).withGitDirs(git.binds(state)),
                new Stamp(UnitRenderer.version(), renderer.inputs(settings), kept.persistable()),
                settings.conversationsKeep().isZero() ? null
                        : new dev.ccy.session.store.KeptConversations(ctx.paths.conversationsDir()).dirFor(worktree.path().toString()));
    }

    /** The settings' options with the agent profile's environment and those of its secrets that exist now. */
    private ContainerOptions options(Settings settings, Agents.Resolved resolved, Map<String, String> secrets) {
        Set<String> wanted = new HashSet<>(resolved.profile().secrets().values());
        Set<String> existing = Set.of();
        if (!wanted.isEmpty()) {
            try {
                existing = new Secrets(ctx.podman).existing();
            } catch (CcyException e) {
                // the session still works, without the agent's credentials: say so
                ctx.err.println("ccy: warning: cannot list the Podman secrets (" + e.getMessage() + "); the session gets none of "
                        + String.join(", ", new TreeSet<>(wanted)));
            }
        }
        ContainerOptions o = ContainerOptions.of(settings, secrets, resolved.env(settings), resolved.secrets(existing, settings));
        return settings.sshAgent().equals("off") ? o : o.withSshAgent(new SshAgentRelay(ctx.runtime.get().runtimeDir()).socketDir());
    }

    /**
     * Writes the copy of a submodule's git config (without core.worktree) that the session's
     * unit mounts over the real one, as the checkout is now; nothing for other checkouts.
     */
    static void writeGitConfig(Worktree worktree, Path state) {
        GitLinks git = GitLinks.of(worktree.path(), SessionSpec.WORKSPACE);
        if (!git.configCopy().isEmpty()) {
            dev.ccy.AtomicFiles.writeIfChanged(state.resolve(GitLinks.CONFIG_COPY), git.configCopy(), "rw-------");
        }
    }

    /** The session entrypoint script: the user's or admin's override, else ccy's own. */
    String entrypointScript() {
        return new TemplateFiles(ctx.paths.templateDirs()).text("session-entrypoint.sh");
    }

    /** Writes the entrypoint sessions run, if it changed. */
    void installEntrypoint() {
        dev.ccy.AtomicFiles.writeIfChanged(ctx.paths.entrypoint(), entrypointScript(), "rwxr-xr-x");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            throw new CcyException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
