package dev.ccy.session.store;

import dev.ccy.session.SessionStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files a user or the agent can change under ccy (every marker and counter of a state
 * directory, the worktree's .session-id, a unit file edited by hand), fuzzed with garbage, empty,
 * huge, wrong-type (directory, fifo) and symlink-out contents: ccy never hangs, never throws
 * anything but a one-line CcyException, never follows a link out and never trusts the content
 * beyond what it checks. The sandbox's RobustnessIT does the same against the real ccy.
 */
class HostileFilesTest {
    /** Every variant of a file that a marker or counter is turned into. */
    enum Kind { GARBAGE, EMPTY, HUGE, NEGATIVE, DIRECTORY, FIFO, LINK_OUT, DANGLING_LINK, BAD_UTF8 }

    static void make(Path p, Kind kind, Path outside) throws IOException, InterruptedException {
        Files.createDirectories(p.getParent());
        switch (kind) {
            case GARBAGE -> Files.writeString(p, "\u0000\u00ff\n[Container]\nx=y;rm -rf /\n");
            case EMPTY -> Files.writeString(p, "");
            case HUGE -> {
                byte[] mib = new byte[1 << 20];
                java.util.Arrays.fill(mib, (byte) '7');
                try (var out = Files.newOutputStream(p)) {
                    for (int i = 0; i < 3; i++) {
                        out.write(mib);
                    }
                }
            }
            case NEGATIVE -> Files.writeString(p, "-5\n");
            case DIRECTORY -> Files.createDirectories(p.resolve("sub"));
            case FIFO -> assertEquals(0, new ProcessBuilder("mkfifo", p.toString()).start().waitFor());
            case LINK_OUT -> Files.createSymbolicLink(p, outside);
            case DANGLING_LINK -> Files.createSymbolicLink(p, outside.resolveSibling("nowhere"));
            case BAD_UTF8 -> Files.write(p, new byte[] {(byte) 0xc3, (byte) 0x28, '1', '\n'});
        }
    }

    /** The activity's name, read within the deadline. */
    static String within2(Supplier<dev.ccy.session.Activity> action) throws Exception {
        Object[] got = new Object[1];
        assertEquals(null, within(() -> got[0] = action.get()));
        return ((dev.ccy.session.Activity) got[0]).name();
    }

    /** Runs an action with a deadline: a fifo read would block forever. Returns what it threw, if anything. */
    static Throwable within(Supplier<?> action) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> f = pool.submit(action::get);
            try {
                f.get(10, TimeUnit.SECONDS);
                return null;
            } catch (java.util.concurrent.ExecutionException e) {
                return e.getCause();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static Session session(SessionName name, Path file, Path state) {
        return new Session(name, file, "p", "/w", "", "img", state, "", List.of(), "", Stamp.NONE);
    }

    static String unit(SessionName n, String worktree, Path state) {
        return "[Container]\nImage=img\nLabel=\"ccy.session=" + n.name() + "\"\nLabel=\"ccy.project=" + n.project()
                + "\"\nLabel=\"ccy.worktree=" + worktree + "\"\nVolume=" + state + ":/ccy/state:Z\n";
    }

    @Test
    void everyMarkerAndCounterFuzzed(@TempDir Path tmp) throws Exception {
        Path outside = tmp.resolve("outside");
        Files.writeString(outside, "42\n");
        FileTime outsideTime = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        Files.setLastModifiedTime(outside, outsideTime);
        SessionName name = new SessionName("p", 1);
        int tried = 0;
        for (String marker : List.of(StateDir.CLIENTS, StateDir.LAST_USED, StateDir.UP_SINCE, StateDir.STOPPED_AT,
                StateDir.STOPPED, StateDir.EPHEMERAL, dev.ccy.session.agent.ActivityRecord.FILE)) {
            for (Kind kind : Kind.values()) {
                Path state = tmp.resolve("s-" + marker + "-" + kind).resolve("ccy-p-1.100");
                Files.createDirectories(state);
                make(state.resolve(marker), kind, outside);
                Session s = session(name, tmp.resolve("f"), state);
                SessionStatus st = new SessionStatus(s, new dev.ccy.systemd.UnitState(name.unit(), "loaded", "active", "running"),
                        Instant.now());
                String what = marker + " as " + kind;
                for (Supplier<?> action : List.<Supplier<?>>of(st::clients, st::since, st::age, st::lastUsed, st::ephemeral, st::activity,
                        () -> { StateDir.touch(s, marker); return null; },
                        () -> { StateDir.mark(s, marker, "ccy stop"); return null; },
                        () -> { StateDir.clear(s, marker); return null; })) {
                    Throwable t = within(action);
                    assertTrue(t == null || t instanceof CcyException, what + ": " + t);
                    if (t != null) {
                        assertFalse(t.getMessage().contains("\n"), what + ": one line: " + t.getMessage());
                    }
                    tried++;
                }
                assertEquals("42\n", Files.readString(outside), what + ": nothing written through a link");
                assertEquals(outsideTime, Files.getLastModifiedTime(outside), what + ": nothing touched through a link");
            }
        }
        // a counter is trusted only as a small non-negative number in a plain file
        Path state = tmp.resolve("c/ccy-p-1.100");
        Files.createDirectories(state);
        Session s = session(name, tmp.resolve("f"), state);
        for (Kind kind : Kind.values()) {
            Files.walk(state).sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(state)).forEach(p -> p.toFile().delete());
            make(state.resolve(StateDir.CLIENTS), kind, outside);
            assertEquals(Optional.empty(), StateDir.clients(s), kind.toString());
            // the agent's activity record likewise: whatever is there reads as unknown
            make(state.resolve(dev.ccy.session.agent.ActivityRecord.FILE), kind, outside);
            SessionStatus st = new SessionStatus(s, new dev.ccy.systemd.UnitState(name.unit(), "loaded", "active", "running"), Instant.now());
            assertEquals("unknown", within2(st::activity), kind.toString());
            tried += 2;
        }
        System.out.println("HostileFilesTest: " + tried + " marker inputs tried, 0 hangs, 0 stack traces, 0 writes through a link");
    }

    @Test
    void sessionIdFileFuzzedAndNeverFollowedOut(@TempDir Path tmp) throws Exception {
        Path outsideDir = tmp.resolve("elsewhere");
        Files.createDirectories(outsideDir);
        Path outsideFile = outsideDir.resolve("target");
        Files.writeString(outsideFile, "ccy-p-1\n");
        int tried = 0;
        for (Kind kind : Kind.values()) {
            Path wt = tmp.resolve("wt-" + kind);
            make(wt.resolve(".claude/ccy/.session-id"), kind, outsideFile);
            Throwable t = within(() -> SessionIdFile.read(wt));
            assertNull(t, kind + ": " + t);
            Optional<String> got = SessionIdFile.read(wt);
            assertTrue(got.isEmpty() || got.get().equals("ccy-p-1") && kind == Kind.GARBAGE, kind + ": " + got);
            assertNull(within(() -> { SessionIdFile.write(wt, new SessionName("p", 2)); return null; }), kind.toString());
            tried++;
        }
        // .claude or .claude/ccy a link out of the worktree: neither read nor written through
        for (String link : List.of(".claude", ".claude/ccy")) {
            Path wt = tmp.resolve("wt-link-" + link.replace('/', '-'));
            Files.createDirectories(wt.resolve(link).getParent());
            Files.createSymbolicLink(wt.resolve(link), link.equals(".claude") ? tmp.resolve("out1") : outsideDir);
            Files.createDirectories(tmp.resolve("out1/ccy"));
            Files.writeString(tmp.resolve("out1/ccy/.session-id"), "ccy-p-1\n");
            Files.copy(outsideFile, outsideDir.resolve(".session-id"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertEquals(Optional.empty(), SessionIdFile.read(wt), link);
            SessionIdFile.write(wt, new SessionName("p", 3));
            SessionIdFile.forget(wt, new SessionName("p", 1));
            assertEquals("ccy-p-1\n", Files.readString(tmp.resolve("out1/ccy/.session-id")), link);
            assertEquals("ccy-p-1\n", Files.readString(outsideDir.resolve(".session-id")), link);
            assertFalse(Files.exists(outsideDir.resolve(".gitignore")), link);
            tried++;
        }
        System.out.println("HostileFilesTest: " + tried + " .session-id inputs tried, 0 hangs, 0 reads or writes through a link");
    }

    @Test
    void gitHeadFuzzedNeverHangsTheWorktreeLookup(@TempDir Path tmp) throws Exception {
        int tried = 0;
        for (Kind kind : Kind.values()) {
            Path wt = tmp.resolve("wt-" + kind);
            make(wt.resolve(".git/HEAD"), kind, tmp.resolve("outside"));
            Files.writeString(tmp.resolve("outside"), "ref: refs/heads/outside\n");
            Throwable t = within(() -> Worktree.of(wt));
            assertNull(t, kind + ": " + t);
            tried++;
            Path linked = tmp.resolve("linked-" + kind);
            make(linked.resolve(".git"), kind, tmp.resolve("outside"));
            assertNull(within(() -> Worktree.of(linked)), kind.toString());
            tried++;
        }
        System.out.println("HostileFilesTest: " + tried + " .git and .git/HEAD inputs tried, 0 hangs, 0 stack traces");
    }

    @Test
    void unitFilesEditedByHand(@TempDir Path tmp) throws Exception {
        Path q = tmp.resolve("q");
        Path sessions = tmp.resolve("sessions");
        Files.createDirectories(q);
        SessionStore store = new SessionStore(q, tmp.resolve("lock"), sessions);
        SessionName n1 = new SessionName("p", 1);
        // a Volume= pointing at the user's home (or anywhere but ccy's own directory) is not a state directory
        for (String state : List.of(tmp.toString(), sessions + "/../x/ccy-p-1.1", "/", sessions + "/ccy-p-2.100",
                sessions + "/ccy-p-1.abc", "relative/ccy-p-1.1")) {
            Files.writeString(q.resolve(n1.fileName()), unit(n1, "/w", Path.of(state)));
            Session s = store.find(n1).orElseThrow();
            assertNull(s.state(), state);
            assertNull(s.marker(StateDir.STOPPED), state);
        }
        Files.writeString(q.resolve(n1.fileName()), unit(n1, "/w", sessions.resolve("ccy-p-1.1700000000")));
        assertEquals(sessions.resolve("ccy-p-1.1700000000"), store.find(n1).orElseThrow().state());
        // wrong types and garbage are skipped, never a hang or a stack trace
        int tried = 0;
        for (Kind kind : Kind.values()) {
            SessionName n = new SessionName("k", kind.ordinal() + 1);
            make(q.resolve(n.fileName()), kind, tmp.resolve("lock"));
            tried++;
        }
        Throwable t = within(store::list);
        assertNull(t, String.valueOf(t));
        assertEquals(List.of(n1), store.list().stream().map(Session::name).toList());
        System.out.println("HostileFilesTest: " + (tried + 6) + " hand-edited unit files tried, 0 trusted beyond their checks");
    }

    @Test
    void tempFilesOfAKilledWriterAreRemovedUnderTheLock(@TempDir Path tmp) throws Exception {
        Path q = tmp.resolve("q");
        Files.createDirectories(q);
        Files.writeString(q.resolve(".ccy-p-1.container123456.tmp"), "[Container]\nhalf");
        Files.writeString(q.resolve(".other.tmp"), "not ours");
        SessionStore store = new SessionStore(q, tmp.resolve("lock"));
        try (AutoCloseable lock = store.lock()) {
            assertFalse(Files.exists(q.resolve(".ccy-p-1.container123456.tmp")));
        }
        assertTrue(Files.exists(q.resolve(".other.tmp")));
    }
}
