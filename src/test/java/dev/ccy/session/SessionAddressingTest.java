package dev.ccy.session;

import dev.ccy.session.store.SessionIdFile;
import dev.ccy.session.store.SessionName;
import dev.ccy.session.store.SessionStore;
import dev.ccy.session.store.SessionStoreTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import dev.ccy.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names, aliases, the worktree's session file and durations: the parts of addressing that need no systemd. */
class SessionAddressingTest {
    static void add(SessionStore store, SessionName n, String worktree, String alias) {
        store.create(n, SessionStoreTest.unit(n, worktree) + (alias == null ? "" : "Label=\"ccy.alias=" + alias + "\"\n"));
    }

    @Test
    void aSessionIsFoundByNameShortNameUnitOrAlias(@TempDir Path tmp) {
        SessionStore store = new SessionStore(tmp.resolve("q"), tmp.resolve("lock"));
        add(store, new SessionName("shop", 1), "/w/shop", null);
        add(store, new SessionName("shop", 2), "/w/shop", "review");
        for (String text : new String[] {"ccy-shop-2", "shop-2", "ccy-shop-2.service", "review", " review "}) {
            assertEquals("ccy-shop-2", store.get(text).name().name(), text);
        }
        assertEquals("review", store.get("shop-2").alias());
        CcyException unknown = assertThrows(CcyException.class, () -> store.get("nosuch"));
        assertEquals(3, unknown.exitCode());
        assertEquals("no session 'nosuch' (sessions: ccy-shop-1, ccy-shop-2 (review))", unknown.getMessage());
        CcyException bad = assertThrows(CcyException.class, () -> store.get("a b"));
        assertEquals(2, bad.exitCode());
    }

    @Test
    void aNameThatFitsTwoSessionsIsAmbiguous(@TempDir Path tmp) {
        SessionStore store = new SessionStore(tmp.resolve("q"), tmp.resolve("lock"));
        add(store, new SessionName("tools", 1), "/w/tools", null);
        add(store, new SessionName("ccy-tools", 1), "/w/ccy-tools", null);
        CcyException e = assertThrows(CcyException.class, () -> store.get("ccy-tools-1"));
        assertEquals(2, e.exitCode());
        assertEquals("'ccy-tools-1' could be ccy-tools-1 or ccy-ccy-tools-1: give the full name", e.getMessage());
    }

    @Test
    void theSessionIdFileIsWrittenKeptOutOfGitAndReadOnlyWhenSane(@TempDir Path wt) throws Exception {
        SessionIdFile.write(wt, new SessionName("shop", 2));
        assertEquals("ccy-shop-2", SessionIdFile.read(wt).orElseThrow());
        assertTrue(Files.readString(wt.resolve(".claude/ccy/.gitignore")).contains("\n*\n"));
        Files.writeString(SessionIdFile.of(wt), "x\n[Service]\n");
        assertTrue(SessionIdFile.read(wt).isEmpty(), "garbage is no session name");
        SessionIdFile.write(wt, new SessionName("shop", 1));
        SessionIdFile.forget(wt, new SessionName("shop", 2));
        assertEquals("ccy-shop-1", SessionIdFile.read(wt).orElseThrow(), "forgetting another session changes nothing");
        SessionIdFile.forget(wt, new SessionName("shop", 1));
        assertTrue(SessionIdFile.read(wt).isEmpty());
        SessionIdFile.write(wt.resolve("gone"), new SessionName("shop", 1)); // no worktree: no error, nothing written
        assertTrue(Files.notExists(wt.resolve("gone")));
    }

    @Test
    void durationsParseAndFormat() {
        assertEquals(Duration.ofDays(7), Durations.parse("7d"));
        assertEquals(Duration.ofHours(36), Durations.parse("1d12h"));
        assertEquals(Duration.ofDays(14), Durations.parse("2W"));
        assertEquals(Duration.ofSeconds(5430), Durations.parse("1h30m30s"));
        for (String bad : new String[] {"", "d", "-1d", "99999999999999999999d"}) { // "7" and "1.5h" are systemd spans: DurationsTest
            CcyException e = assertThrows(CcyException.class, () -> Durations.parse(bad), bad);
            assertEquals(2, e.exitCode(), bad);
        }
        assertEquals("45s", Durations.format(Duration.ofSeconds(45)));
        assertEquals("12m", Durations.format(Duration.ofMinutes(12)));
        assertEquals("3h5m", Durations.format(Duration.ofMinutes(185)));
        assertEquals("2d", Durations.format(Duration.ofDays(2)));
        assertEquals("2d4h", Durations.format(Duration.ofHours(52)));
    }
}
