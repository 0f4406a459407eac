package dev.ccy.session;

import dev.ccy.session.store.Session;
import dev.ccy.session.store.StateDir;
import dev.ccy.systemd.UnitCgroup;
import dev.ccy.systemd.UserRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fast path of attach: whether a session's tmux is surely up, told by files alone, so that
 * attach can go straight to {@code podman exec} without a D-Bus round trip to systemd. All of:
 * <ul>
 * <li>the unit's cgroup has processes (it is starting, running or stopping);</li>
 * <li>the container of this run exists: Quadlet's {@code --cidfile=%t/%N.cid}, written by
 *     podman run and removed by the unit's stop;</li>
 * <li>its tmux came up in this run: the entrypoint writes the {@code clients} marker right after
 *     starting tmux, so the marker is at least as new as the cid file;</li>
 * <li>it is not being ended on purpose (no {@code stopped} marker).</li>
 * </ul>
 * When any of them fails (a stopped, starting or stopping session, another cgroup layout), the
 * caller asks systemd as before: a "no" here costs only the old, slower path.
 */
public final class TmuxUp {
    private TmuxUp() {
    }

    public static boolean surely(Session session, UserRuntime runtime) {
        return surely(session, UnitCgroup.ROOT, runtime.uid(), runtime.runtimeDir());
    }

    static boolean surely(Session session, Path cgroupRoot, long uid, Path runtimeDir) {
        Path clients = session.marker(StateDir.CLIENTS);
        if (clients == null || StateDir.has(session, StateDir.STOPPED)) {
            return false;
        }
        Path cid = runtimeDir.resolve(session.name().name() + ".cid");
        try {
            return UnitCgroup.populated(cgroupRoot, uid, session.name().unit())
                    && Files.getLastModifiedTime(clients).compareTo(Files.getLastModifiedTime(cid)) >= 0;
        } catch (IOException e) {
            return false; // no cid file (no container of this run) or no marker yet
        }
    }
}
