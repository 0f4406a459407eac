package dev.ccy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ccy.session.store.Session;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON field sets are an interface for scripts (README documents them): names, order and types. */
class JsonFieldsTest {
    static final List<String> LIST_FIELDS = List.of("session", "unit", "alias", "status", "state", "substate", "failure", "project",
            "branch", "worktree", "image", "clients", "ephemeral", "created", "since", "age_seconds", "last_used",
            "activity", "activity_since", "activity_message");

    /** Reads a flat JSON object (nested values as their token kind) or an array of them. */
    static List<Map<String, Object>> objects(String json) throws IOException {
        List<Map<String, Object>> result = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                result.add(object(p));
            } else {
                assertEquals(JsonToken.START_ARRAY, first);
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    result.add(object(p));
                }
            }
            assertEquals(null, p.nextToken(), "one value only");
        }
        return result;
    }

    static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (t) {
                case VALUE_STRING -> m.put(name, p.getText());
                case VALUE_NUMBER_INT -> m.put(name, p.getLongValue());
                case VALUE_TRUE, VALUE_FALSE -> m.put(name, p.getBooleanValue());
                case VALUE_NULL -> m.put(name, null);
                default -> {
                    m.put(name, t);
                    p.skipChildren();
                }
            }
        }
        return m;
    }

    @Test
    void listFields() throws IOException {
        Session s = SessionFilterTest.session("web", 1, "review \"quoted\"\n");
        String json = SessionTable.json(List.of(SessionFilterTest.status(s, "active"),
                SessionFilterTest.status(SessionFilterTest.session("api", 2, ""), "inactive")));
        List<Map<String, Object>> all = objects(json);
        assertEquals(2, all.size());
        Map<String, Object> web = all.get(0);
        List<String> listFields = new ArrayList<>(LIST_FIELDS);
        listFields.add("outdated");
        assertEquals(listFields, List.copyOf(web.keySet()));
        assertEquals(Boolean.FALSE, web.get("outdated"));
        assertEquals("ccy-web-1", web.get("session"));
        assertEquals("ccy-web-1.service", web.get("unit"));
        assertEquals("review \"quoted\"\n", web.get("alias"), "escaped and read back whole");
        assertEquals("running", web.get("status"));
        assertEquals(Boolean.FALSE, web.get("ephemeral"));
        assertEquals(null, all.get(1).get("alias"));
        assertEquals("stopped", all.get(1).get("status"));
        assertEquals(null, all.get(1).get("clients"));
        assertTrue(json.endsWith("]\n"), json);
        // one session a line, as before the JSON library (SessionLifecycleIT greps for this)
        assertTrue(json.startsWith("[\n  {\"session\": \"ccy-web-1\", \"unit\": \"ccy-web-1.service\", \"alias\": "), json);
        assertEquals(4, json.lines().count(), json);
        assertEquals("[]\n", SessionTable.json(List.of()));
    }
}
