package dev.ccy.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.session.agent.ActivityRecord;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The state machine: the unit's status first, then the agent's record if it was written since the session came up. */
class ActivityTest {
    static final Instant UP = Instant.parse("2026-12-03T07:00:00Z");

    static Optional<ActivityRecord> rec(String activity, Instant since, Instant written, String message) {
        return Optional.of(new ActivityRecord(activity, since, "Event", message, written));
    }

    @Test
    void aStartingOrDownUnitDecidesWhateverTheRecordSays() {
        var working = rec("working", UP.plusSeconds(5), UP.plusSeconds(6), "");
        assertEquals("starting", Activity.of("starting", Optional.empty(), Optional.empty(), working).name());
        for (String down : new String[] {"stopping", "stopped", "failed"}) {
            Activity a = Activity.of(down, Optional.empty(), Optional.of(UP.plusSeconds(60)), working);
            assertEquals("exited", a.name(), down);
            assertEquals(Optional.of(UP.plusSeconds(60)), a.since(), "since it went down");
        }
    }

    @Test
    void aRunningSessionIsWhatItsAgentLastSaid() {
        Activity a = Activity.of("running", Optional.of(UP), Optional.empty(), rec("waiting", UP.plusSeconds(10), UP.plusSeconds(12), "Which?"));
        assertEquals(new Activity("waiting", Optional.of(UP.plusSeconds(10)), "Which?"), a);
        assertEquals("idle", Activity.of("running", Optional.of(UP), Optional.empty(), rec("idle", UP, UP.plusSeconds(1), "")).name());
    }

    @Test
    void aRecordFromBeforeTheSessionCameUpMeansStarting() {
        // a power loss in the middle of a turn: the record says working, but that agent is gone
        Activity a = Activity.of("running", Optional.of(UP), Optional.empty(), rec("working", UP.minusSeconds(100), UP.minusSeconds(50), ""));
        assertEquals("starting", a.name());
        assertEquals(Optional.of(UP), a.since());
        // a since claimed before the start is cut to the start
        assertEquals(Optional.of(UP), Activity.of("running", Optional.of(UP), Optional.empty(),
                rec("idle", UP.minusSeconds(999), UP.plusSeconds(2), "")).since());
    }

    @Test
    void noRecordIsUnknown() {
        Activity a = Activity.of("running", Optional.of(UP), Optional.empty(), Optional.empty());
        assertEquals("unknown", a.name());
        assertEquals(Optional.empty(), a.since());
    }

    @Test
    void untilAnyIsAnythingButStartingWorkingAndUnknown() {
        for (String n : Activity.NAMES) {
            Activity a = new Activity(n, Optional.empty(), "");
            assertEquals(n.equals("idle") || n.equals("waiting") || n.equals("exited"), a.reached("any"), n);
            assertTrue(a.reached(n));
        }
        assertFalse(new Activity("working", Optional.empty(), "").reached("idle"));
    }
}
