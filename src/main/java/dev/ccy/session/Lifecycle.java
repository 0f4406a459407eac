package dev.ccy.session;

import dev.ccy.session.store.Session;
import dev.ccy.session.store.SessionIdFile;
import dev.ccy.session.store.StateDir;
import dev.ccy.session.store.StoreLock;
import dev.ccy.CcyException;
import dev.ccy.systemd.Journal;
import dev.ccy.systemd.Linger;
import dev.ccy.systemd.UnitState;
import dev.ccy.systemd.UserRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Starting, stopping and removing sessions, and waiting until one really runs. */
public final class Lifecycle {
    /** Longer than the unit's TimeoutStartSec=900, so systemd, not ccy, decides a slow pull failed. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(960);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);
    static final Duration TMUX_TIMEOUT = Duration.ofSeconds(60);

    private final SessionContext ctx;
    private final SessionSecrets secrets;

    public Lifecycle(SessionContext ctx) {
        this.ctx = ctx;
        this.secrets = new SessionSecrets(ctx);
    }

    /**
     * Starts a stopped session and waits for its tmux; a running one is left alone. The "stopped"
     * marker goes first: the unit's condition would otherwise keep it down.
     */
    public void start(Session session) {
        StateDir.clear(session, StateDir.STOPPED);
        startAndWait(session);
        used(session);
    }

    /** Starts the session unless it runs; says so when it starts it. */
    void ensureRunning(Session session) {
        if (TmuxUp.surely(session, ctx.runtime.get())) {
            return; // its files say tmux is up: no D-Bus connection on the way to podman exec
        }
        // a running unit goes straight on: every extra call here is latency the user feels
        if (!ctx.state(session).isActive()) {
            ctx.err.println("ccy: starting " + session.displayName());
            StateDir.clear(session, StateDir.STOPPED);
            startAndWait(session);
        }
    }

    void startAndWait(Session session) {
        startAndWait(session, false);
    }

    /** Starts (or restarts, as one systemd job) the session and waits until its tmux answers. */
    void startAndWait(Session session, boolean restart) {
        String unit = session.name().unit();
        long since = System.currentTimeMillis() / 1000 - 1;
        java.util.function.Consumer<java.time.Duration> slow = d -> ctx.err.println("ccy: still starting " + unit + " after "
                + d.toSeconds() + " s (the first start of a new image copies it for your user namespace once)");
        String result = restart ? ctx.systemd().restart(unit, START_TIMEOUT.plus(STOP_TIMEOUT), slow)
                : ctx.systemd().start(unit, START_TIMEOUT, slow);
        if (!result.equals("done")) {
            throw failed(session, since, "failed to " + (restart ? "restart" : "start") + " (job " + result + ")");
        }
        long deadline = System.nanoTime() + TMUX_TIMEOUT.toNanos();
        for (int tick = 1; !tmuxUp(session, tick); tick++) {
            if (System.nanoTime() > deadline) {
                throw failed(session, since, "started, but its tmux did not answer within " + TMUX_TIMEOUT.toSeconds() + " s");
            }
            if (tick % 8 == 0 && !ctx.state(session).isActive()) {
                throw failed(session, since, "stopped right after starting");
            }
            sleep(25);
        }
    }

    /**
     * Whether the session's tmux is up: its files say so (what attach's fast path trusts; cheap,
     * so it is asked every 25 ms), or, every 200 ms, tmux itself answers through podman exec
     * (300 ms or more of podman's start-up, the only way where the files cannot tell).
     */
    private boolean tmuxUp(Session session, int tick) {
        return TmuxUp.surely(session, ctx.runtime.get()) || tick % 8 == 0 && ctx.podman.tmuxAnswers(session.container());
    }

    /** A failure with the unit's last log lines since {@code since} (epoch seconds), on one line. */
    CcyException failed(Session session, long since, String what) {
        String log = Journal.lastLines(session.name().unit(), 8, since).replace('\n', '|');
        return new CcyException("session " + session.name() + " " + what
                + (log.isEmpty() ? "" : "; last log lines: " + log)
                + " (see: journalctl --user -u " + session.name().unit() + ")");
    }

    /**
     * Stops a session and marks it ended on purpose, so that it stays down at boot too. An
     * ephemeral session is removed by its unit as it stops; returns true then.
     */
    public boolean stop(Session session) {
        StateDir.mark(session, StateDir.STOPPED, "ccy stop");
        long since = System.currentTimeMillis() / 1000 - 1;
        String result = ctx.systemd().stop(session.name().unit(), STOP_TIMEOUT, d -> { });
        if (!result.equals("done")) {
            throw failed(session, since, "did not stop cleanly (job " + result + ")");
        }
        boolean removed = !Files.exists(session.file());
        if (removed) {
            SessionIdFile.forget(Path.of(session.worktree()), session.name());
            secrets.remove(secrets.of(session.name()));
        }
        return removed;
    }

    /**
     * Stops the session, removes its file and reloads; then its forwarded variables' secrets and
     * its state directory unless kept whole; its HOME (the agent's conversations) is kept for
     * ccy new --resume first, unless {@code purge}.
     */
    public void remove(Session session, boolean keepState, boolean purge) {
        // if ccy dies between the stop and the delete, the session must not come back at boot
        StateDir.mark(session, StateDir.STOPPED, "ccy rm");
        UnitState state = ctx.state(session);
        if (!state.loadState().equals("not-found")) {
            long since = System.currentTimeMillis() / 1000 - 1;
            String result = ctx.systemd().stop(session.name().unit(), STOP_TIMEOUT, d -> { });
            if (!result.equals("done")) {
                throw failed(session, since, "did not stop (job " + result + "); its file was kept");
            }
        }
        try (StoreLock lock = ctx.store.lock()) {
            ctx.store.delete(session);
            ctx.systemd().reload();
        }
        SessionIdFile.forget(Path.of(session.worktree()), session.name());
        secrets.remove(secrets.of(session.name()));
        if (!keepState && session.state() != null && (purge || new Conversations(ctx).keep(session))) {
            removeState(session.state());
        }
    }

    /** Deletes a state directory; files the container made under other uids go through podman unshare. */
    void removeState(Path state) {
        dev.ccy.Resources.deleteTree(state);
        if (Files.exists(state)) {
            dev.ccy.Proc.run(List.of(ctx.podman.command(), "unshare", "rm", "-rf", "--", state.toString()),
                    Duration.ofSeconds(60), ctx.podman.env());
        }
        if (Files.exists(state)) {
            ctx.err.println("ccy: could not remove all of " + state + "; remove it by hand (podman unshare rm -rf)");
        }
    }

    /** An ephemeral session becomes an ordinary one: its end no longer removes it. False if it was not ephemeral. */
    public boolean persist(Session session) {
        if (!StateDir.has(session, StateDir.EPHEMERAL)) {
            return false;
        }
        StateDir.clear(session, StateDir.EPHEMERAL);
        return true;
    }

    void ensureLinger(UserRuntime rt) {
        String why = Linger.system().ensure(rt);
        if (why != null) {
            ctx.err.println("ccy: linger is off for " + rt.user() + " and could not be turned on (" + why + "): sessions stop at"
                    + " logout and do not start at boot. Run: loginctl enable-linger " + rt.user());
        }
    }

    /** Remembers a session as the most recently used, in its state and in its worktree's .session-id. */
    void used(Session session) {
        StateDir.touch(session, StateDir.LAST_USED);
        SessionIdFile.write(Path.of(session.worktree()), session.name());
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CcyException("interrupted");
        }
    }
}
