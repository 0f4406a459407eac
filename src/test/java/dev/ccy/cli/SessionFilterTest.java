package dev.ccy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import dev.ccy.session.store.Session;
import dev.ccy.session.store.SessionName;
import dev.ccy.session.SessionStatus;
import dev.ccy.systemd.UnitState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionFilterTest {
    static Session session(String project, int slot, String alias) {
        SessionName n = new SessionName(project, slot);
        return new Session(n, Path.of("/nonexistent/" + n.fileName()), project, "/src/" + project, "main", "img", null, alias);
    }

    static SessionStatus status(Session s, String active) {
        return new SessionStatus(s, new UnitState(s.name().unit(), "loaded", active, "x"), Instant.now());
    }

    @Test
    void keysAndValues() {
        SessionFilter f = SessionFilter.parse(List.of("project=web", "project=api", "alias=review"));
        assertTrue(f.matches(session("web", 1, "review")));
        assertTrue(f.matches(session("api", 2, "review")));
        assertFalse(f.matches(session("web", 1, "")), "different keys must all match");
        assertFalse(f.matches(session("cli", 1, "review")));
        assertFalse(f.needsState());
        assertTrue(SessionFilter.parse(List.of()).isEmpty());
    }

    @Test
    void stateNeedsSystemd() {
        SessionFilter f = SessionFilter.parse(List.of("state=stopped", "state=failed"));
        assertTrue(f.needsState());
        assertTrue(f.matches(status(session("web", 1, ""), "inactive")));
        assertTrue(f.matches(status(session("web", 1, ""), "failed")));
        assertFalse(f.matches(status(session("web", 1, ""), "active")));
    }

    @Test
    void activityNeedsSystemdAndASessionWithNoRecordIsUnknownOrExited() {
        SessionFilter f = SessionFilter.parse(List.of("activity=unknown"));
        assertTrue(f.needsState());
        assertTrue(f.matches(status(session("web", 1, ""), "active")), "no state directory: nothing the agent said");
        assertFalse(f.matches(status(session("web", 1, ""), "inactive")));
        assertTrue(SessionFilter.parse(List.of("activity=exited")).matches(status(session("web", 1, ""), "inactive")));
        assertFalse(SessionFilter.parse(List.of("activity=waiting", "activity=idle")).matches(status(session("web", 1, ""), "active")));
    }

    @Test
    void badFiltersAreUsageErrors() {
        for (String bad : List.of("project", "=web", "colour=red", "state=asleep", "activity=asleep", "activity=")) {
            assertEquals(2, assertThrows(CcyException.class, () -> SessionFilter.parse(List.of(bad))).exitCode(), bad);
        }
    }
}
