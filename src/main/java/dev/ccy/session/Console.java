package dev.ccy.session;

import dev.ccy.session.agent.SshAgentRelay;
import dev.ccy.session.store.Session;
import dev.ccy.session.unit.SessionSpec;
import dev.ccy.CcyException;
import dev.ccy.podman.Podman;
import java.util.ArrayList;
import java.util.List;

/** The user's terminal and scripts in a session: attach, a shell beside the agent, keys in, screen out, the log. */
public final class Console {
    private final SessionContext ctx;
    private final Lifecycle lifecycle;

    public Console(SessionContext ctx) {
        this.ctx = ctx;
        this.lifecycle = new Lifecycle(ctx);
    }

    /** Attaches the user's terminal to the session's tmux, starting the session first if it is stopped. */
    public int attach(Session session, boolean readOnly, boolean exclusive) {
        lifecycle.ensureRunning(session);
        lifecycle.used(session);
        // ssh_agent = "attach": sessions use the agent of the most recent attach that brings one
        SshAgentRelay relay = new SshAgentRelay(ctx.runtime.get().runtimeDir());
        if (relay.followsAttach()) {
            relay.point(ctx.env.get("SSH_AUTH_SOCK"));
        }
        // the D-Bus connection is not needed while the user works in the session
        ctx.close();
        String marker = Podman.newMarker();
        return ctx.podman.interactive(ctx.podman.attachCommand(session.container(), marker, readOnly, exclusive), marker);
    }

    /** A shell in the session's container, in the workspace, beside the agent's window. */
    public int shell(Session session) {
        lifecycle.ensureRunning(session);
        ctx.close();
        String marker = Podman.newMarker();
        return ctx.podman.interactive(ctx.podman.shellCommand(session.container(), marker, SessionSpec.WORKSPACE), marker);
    }

    /** Types keys into the agent's window (tmux send-keys: key names like Enter or C-c, or literal text). */
    public void send(Session session, List<String> keys, boolean literal) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", Podman.AGENT_WINDOW));
        if (literal) {
            args.add("-l");
        }
        args.add("--");
        args.addAll(keys);
        tmuxOrExplain(session, args.toArray(String[]::new));
    }

    /** The agent window's screen as text (with its scrollback, or with colour escapes, if asked). */
    public String capture(Session session, boolean history, boolean escapes) {
        List<String> args = new ArrayList<>(List.of("capture-pane", "-p", "-t", Podman.AGENT_WINDOW));
        if (history) {
            args.addAll(List.of("-S", "-"));
        }
        if (escapes) {
            args.add("-e");
        }
        return tmuxOrExplain(session, args.toArray(String[]::new));
    }

    private String tmuxOrExplain(Session session, String... args) {
        dev.ccy.Proc.Result r = ctx.podman.tmux(session.container(), args);
        if (r.ok()) {
            return r.out();
        }
        if (!ctx.state(session).isActive()) {
            throw new CcyException("session " + session.displayName() + " is not running: start it with ccy start " + session.name());
        }
        throw new CcyException("tmux in " + session.name() + " failed: " + r.err().strip().lines().findFirst().orElse("exit " + r.exit()));
    }

    /** The session's journal, as journalctl --user -u shows it. */
    public int logs(Session session, boolean follow, Integer lines) {
        List<String> cmd = new ArrayList<>(List.of("journalctl", "--user", "-u", session.name().unit()));
        if (follow) {
            cmd.add("--follow");
        }
        if (lines != null) {
            cmd.add("--lines=" + lines);
        }
        return dev.ccy.Proc.interactive(cmd);
    }
}
