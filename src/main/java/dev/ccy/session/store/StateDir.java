package dev.ccy.session.store;

import dev.ccy.CcyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

/**
 * The markers in a session's state directory (mounted at /ccy/state in the container). They say
 * what a unit file cannot, and reading them costs no call to systemd or podman:
 * <ul>
 * <li>{@code stopped}: ended on purpose (exit from its shell, ccy stop); the unit's
 *     ConditionPathExists keeps it from starting, at boot too, until ccy start removes it</li>
 * <li>{@code ephemeral}: the unit's ExecStopPost removes the session when it is ended</li>
 * <li>{@code up-since}, {@code stopped-at}: touched by the unit when it starts and stops</li>
 * <li>{@code clients}: the number of attached tmux clients, kept by tmux hooks in the container</li>
 * <li>{@code last-used}: touched by ccy whenever a user creates, starts or attaches to it</li>
 * <li>{@code started}: the agent ran (the entrypoint's; ccy's for a session that continues a kept conversation)</li>
 * </ul>
 */
public final class StateDir {
    public static final String STOPPED = "stopped";
    public static final String EPHEMERAL = "ephemeral";
    public static final String UP_SINCE = "up-since";
    public static final String STOPPED_AT = "stopped-at";
    public static final String CLIENTS = "clients";
    public static final String LAST_USED = "last-used";
    /** Written by the entrypoint as the agent first runs: later starts run the resume command. */
    public static final String STARTED = "started";

    /** The container (the agent) can write every marker: none is read through a link, a fifo or at length. */
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final int MAX_COUNTER_BYTES = 32;

    private StateDir() {
    }

    public static boolean has(Session s, String marker) {
        Path p = s.marker(marker);
        return p != null && Files.exists(p);
    }

    /** Writes a marker (its content says why), atomically. */
    public static void mark(Session s, String marker, String content) {
        Path p = s.marker(marker);
        if (p == null) {
            throw new CcyException("session " + s.name() + " has no state directory in its unit file");
        }
        if (!Files.isDirectory(p.getParent())) {
            return; // deleted by hand: ExecStartPre makes it again, and without it there is nothing to mark
        }
        dev.ccy.TestPause.at("state.mark");
        dev.ccy.AtomicFiles.writeIfChanged(p, content + "\n", "rw-------");
    }

    public static void clear(Session s, String marker) {
        Path p = s.marker(marker);
        if (p == null) {
            return;
        }
        dev.ccy.TestPause.at("state.clear");
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new CcyException("cannot remove " + p + ": " + dev.ccy.AtomicFiles.oneLine(e));
        }
    }

    /** Touches a marker, creating it empty; best effort (a missing state dir is not an error here). */
    public static void touch(Session s, String marker) {
        Path p = s.marker(marker);
        if (p == null || !Files.isDirectory(p.getParent())) {
            return;
        }
        try {
            if (Files.isSymbolicLink(p)) {
                Files.delete(p); // touching it would change the time of whatever it points at
            }
            if (!Files.exists(p, NOFOLLOW)) {
                Files.createFile(p);
            }
            if (Files.isRegularFile(p, NOFOLLOW)) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.now()));
            }
        } catch (IOException ignored) {
            // only ordering and ages depend on it
        }
    }

    /** When a marker was last written. */
    public static Optional<Instant> time(Session s, String marker) {
        Path p = s.marker(marker);
        try {
            return p == null ? Optional.empty() : Optional.of(Files.getLastModifiedTime(p, NOFOLLOW).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The attached tmux clients as the container last counted them, if it did. */
    public static Optional<Integer> clients(Session s) {
        Path p = s.marker(CLIENTS);
        try {
            // a fifo would block ccy list forever, a huge file would fill its memory
            if (p == null || !Files.isRegularFile(p, NOFOLLOW) || Files.size(p) > MAX_COUNTER_BYTES) {
                return Optional.empty();
            }
            int n = Integer.parseInt(Files.readString(p, StandardCharsets.UTF_8).strip());
            return n < 0 ? Optional.empty() : Optional.of(n);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** When the session was created: the state directory is named {@code <session>.<epoch seconds>}. */
    public static Optional<Instant> created(Session s) {
        if (s.state() == null) {
            return Optional.empty();
        }
        String n = s.state().getFileName().toString();
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(n.substring(n.lastIndexOf('.') + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
