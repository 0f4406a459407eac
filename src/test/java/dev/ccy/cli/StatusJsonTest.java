package dev.ccy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.podman.Podman;
import dev.ccy.session.SessionDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusJsonTest {
    static final List<String> STATUS_FIELDS;

    static {
        List<String> f = new ArrayList<>(JsonFieldsTest.LIST_FIELDS);
        f.addAll(List.of("load_state", "file", "state_dir", "container", "mounts", "secrets", "agent_command", "resume_command",
                "upgrade_pending", "pending", "made_worktree"));
        STATUS_FIELDS = List.copyOf(f);
    }

    static SessionDetails details(boolean running) {
        var st = SessionFilterTest.status(SessionFilterTest.session("web", 1, "review"), running ? "active" : "inactive");
        return new SessionDetails(st, List.of(new SessionDetails.Mount("/src/web", "/workspace", "z")), List.of("api-key"),
                List.of("claude", "--dangerously-skip-permissions"), running ? "claude --continue" : "",
                running ? Optional.of(new Podman.Container("running", "2026-11-30 10:00:00 +0000 UTC", "abc123")) : Optional.empty(),
                running ? List.of("the image was rebuilt") : List.of());
    }

    @Test
    void statusStartsWithTheListFieldsAndAddsItsOwn() throws Exception {
        String json = StatusCommand.json(details(true));
        Map<String, Object> o = JsonFieldsTest.objects(json).get(0);
        assertEquals(STATUS_FIELDS, List.copyOf(o.keySet()));
        assertEquals("ccy-web-1", o.get("session"));
        assertEquals("loaded", o.get("load_state"));
        assertEquals(Boolean.TRUE, o.get("upgrade_pending"));
        assertEquals("claude --continue", o.get("resume_command"));
        assertTrue(json.contains("\"secrets\": [\n    \"api-key\"\n  ]"), json);
        assertTrue(json.contains("\"image_id\": \"abc123\""), json);
        assertTrue(json.contains("\"destination\": \"/workspace\""), json);
    }

    @Test
    void aStoppedSessionHasNoContainer() throws Exception {
        Map<String, Object> o = JsonFieldsTest.objects(StatusCommand.json(details(false))).get(0);
        assertEquals(null, o.get("container"));
        assertEquals(null, o.get("resume_command"));
        assertEquals(Boolean.FALSE, o.get("upgrade_pending"));
    }

    @Test
    void textHasOneLinePerFact() {
        String text = StatusCommand.text(details(true));
        assertTrue(text.contains("session:   ccy-web-1 (review)\n"), text);
        assertTrue(text.contains("mount:     /src/web -> /workspace (z)\n"), text);
        assertTrue(text.contains("secrets:   api-key\n"), text);
        assertTrue(text.contains("upgrade:   the image was rebuilt\n"), text);
    }
}
