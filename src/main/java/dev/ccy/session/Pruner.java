package dev.ccy.session;

import dev.ccy.session.store.Session;
import dev.ccy.session.store.SessionName;
import dev.ccy.session.store.StoreLock;
import dev.ccy.CcyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** {@code ccy prune}: stopped sessions and state directories left behind, never a running session. */
public final class Pruner {
    private final SessionContext ctx;
    private final Lifecycle lifecycle;
    private final Listing listing;

    private final MadeWorktrees worktrees;

    public Pruner(SessionContext ctx) {
        this.ctx = ctx;
        this.worktrees = new MadeWorktrees(ctx, dev.ccy.session.worktree.Git.fromEnvironment());
        this.lifecycle = new Lifecycle(ctx);
        this.listing = new Listing(ctx);
    }

    /** What prune did or would do with one session or leftover directory; {@code kept}: found and left, as {@code what} says. */
    public record Pruned(String what, Path path, Duration age, boolean session, boolean kept) {
        public Pruned(String what, Path path, Duration age, boolean session) {
            this(what, path, age, session, false);
        }
    }

    /**
     * Removes stopped (and failed) sessions, all or those down longer than {@code olderThan}, and
     * state directories no session file refers to any more. Running sessions are never touched.
     */
    public List<Pruned> prune(Duration olderThan, boolean dryRun) {
        Instant now = Instant.now();
        List<Pruned> done = new ArrayList<>();
        for (SessionStatus st : listing.list(true)) {
            Duration age = st.age().orElse(Duration.ZERO);
            if (st.running() || (olderThan != null && age.compareTo(olderThan) < 0)) {
                continue;
            }
            try {
                worktrees.checkClean(st.session(), false);
            } catch (CcyException e) {
                done.add(new Pruned(e.getMessage(), st.session().file(), age, true, true));
                continue;
            }
            if (!dryRun) {
                // it may have been started since the listing
                if (ctx.state(st.session()).isActive()) {
                    continue;
                }
                lifecycle.remove(st.session(), false, false);
                worktrees.afterRemove(st.session(), false);
            }
            done.add(new Pruned(st.session().displayName(), st.session().file(), age, true));
        }
        try (StoreLock lock = ctx.store.lock()) {
            for (Path dir : leftoverStates()) {
                Duration age = Duration.between(Files.getLastModifiedTime(dir).toInstant(), now);
                if (olderThan != null && age.compareTo(olderThan) < 0) {
                    continue;
                }
                if (!dryRun) {
                    lifecycle.removeState(dir);
                }
                done.add(new Pruned("state of a removed session", dir, age, false));
            }
            // a ccy new killed between making a session's env secrets and its unit file leaves them
            // behind; under the lock no ccy new is half-way, so a secret no unit file owns is such a one
            List<String> orphans = orphanSecrets();
            if (!dryRun) {
                new SessionSecrets(ctx).remove(orphans);
            }
            orphans.forEach(n -> done.add(new Pruned("secret of a removed session", Path.of(n), null, false)));
            // HOMEs kept longer than conversations.keep, and what a kill left of keeping one
            done.addAll(new Conversations(ctx).prune(dryRun, lifecycle::removeState));
            // worktrees ccy made whose session is gone (rm killed half-way, an ephemeral session's end) or never came
            done.addAll(worktrees.prune(dryRun));
        } catch (CcyException e) {
            throw e;
        } catch (Exception e) {
            throw new CcyException("cannot prune: " + e.getMessage());
        }
        return done;
    }

    /** State directories of sessions whose unit file is gone (ccy rm --keep-state, older ccy). */
    List<Path> leftoverStates() throws IOException {
        Path root = ctx.paths.sessionsDir();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Session> sessions = ctx.store.list();
        Set<Path> referenced = new HashSet<>();
        sessions.forEach(s -> referenced.add(s.state()));
        Set<String> readable = new HashSet<>();
        sessions.forEach(s -> readable.add(s.name().name()));
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).filter(d -> !referenced.contains(d)).filter(d -> {
                String n = d.getFileName().toString();
                int dot = n.lastIndexOf('.');
                if (dot <= 0 || !n.substring(dot + 1).matches("[0-9]+") || SessionName.candidates(n.substring(0, dot)).isEmpty()) {
                    return false; // not a directory ccy made
                }
                // a session file ccy cannot read (hand-edited) may still use it: leave that one
                String name = n.substring(0, dot);
                return readable.contains(name) || !Files.exists(ctx.store.dir().resolve(name + ".container"));
            }).sorted().toList();
        }
    }

    /** The sessions' environment secrets (labelled with their session) whose session has no unit file. */
    List<String> orphanSecrets() {
        Map<String, String> owner = new SessionSecrets(ctx).owners();
        return owner.entrySet().stream().filter(e -> !Files.exists(ctx.store.dir().resolve(e.getValue() + ".container")))
                .map(Map.Entry::getKey).sorted().toList();
    }
}
