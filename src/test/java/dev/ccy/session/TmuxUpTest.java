package dev.ccy.session;

import dev.ccy.session.store.Session;
import dev.ccy.session.store.SessionName;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attach fast path says "up" only when every file agrees; anything else falls back to systemd. */
class TmuxUpTest {
    @TempDir
    Path tmp;

    Path cgroups;
    Path runtime;
    Session session;

    @BeforeEach
    void running() throws Exception {
        cgroups = tmp.resolve("cgroup");
        runtime = tmp.resolve("run");
        Path state = tmp.resolve("state/ccy-shop-1.1700000000");
        Files.createDirectories(state);
        Files.createDirectories(runtime);
        SessionName name = new SessionName("shop", 1);
        session = new Session(name, tmp.resolve("ccy-shop-1.container"), "shop", "/w", "main", "img", state, "");
        events("populated 1\nfrozen 0\n");
        Files.writeString(runtime.resolve("ccy-shop-1.cid"), "abc\n");
        Files.setLastModifiedTime(runtime.resolve("ccy-shop-1.cid"), FileTime.from(Instant.now().minusSeconds(5)));
        Files.writeString(state.resolve("clients"), "0\n");
    }

    void events(String text) throws Exception {
        Path dir = cgroups.resolve("user.slice/user-1000.slice/user@1000.service/app.slice/ccy-shop-1.service");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("cgroup.events"), text);
    }

    boolean up() {
        return TmuxUp.surely(session, cgroups, 1000, runtime);
    }

    @Test
    void upWhenTheUnitHasProcessesTheContainerExistsAndTmuxStartedAfterIt() {
        assertTrue(up());
    }

    @Test
    void notUpWhenTheUnitsCgroupIsEmptyOrMissing() throws Exception {
        events("populated 0\nfrozen 0\n");
        assertFalse(up(), "stopped unit");
        assertFalse(TmuxUp.surely(session, cgroups, 1001, runtime), "another uid's layout: no such cgroup");
    }

    @Test
    void notUpWithoutTheContainersCidFile() throws Exception {
        Files.delete(runtime.resolve("ccy-shop-1.cid"));
        assertFalse(up(), "no container of this run (after a reboot, or stopped)");
    }

    @Test
    void notUpWhileTmuxOfThisRunHasNotStartedYet() throws Exception {
        // the marker is from the run before: the container was made again since (a restart)
        Files.setLastModifiedTime(session.marker("clients"), FileTime.from(Instant.now().minusSeconds(60)));
        assertFalse(up());
        Files.delete(session.marker("clients"));
        assertFalse(up(), "no marker at all");
    }

    @Test
    void notUpWhenEndedOnPurpose() throws Exception {
        Files.writeString(session.marker("stopped"), "ccy stop\n");
        assertFalse(up());
    }

    @Test
    void notUpWithoutAStateDirectory() {
        Session bare = new Session(session.name(), session.file(), "shop", "/w", "main", "img", null, "");
        assertFalse(TmuxUp.surely(bare, cgroups, 1000, runtime));
    }
}
