package dev.ccy.cli;

import dev.ccy.Durations;
import dev.ccy.session.SessionStatus;
import java.util.ArrayList;
import java.util.List;

/** How sessions are shown: aligned columns for people, JSON for scripts. */
final class SessionTable {
    private SessionTable() {
    }

    static String text(List<SessionStatus> listed) {
        return text(listed, java.util.Set.of());
    }

    /** The table; a session in {@code outdated} is marked: its unit would render differently now (ccy upgrade). */
    static String text(List<SessionStatus> listed, java.util.Set<String> outdated) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SESSION", "ALIAS", "STATE", "ACTIVITY", "PROJECT", "BRANCH", "CLIENTS", "AGE", "WORKTREE"});
        for (SessionStatus st : listed) {
            String[] r = row(st);
            if (outdated.contains(st.session().name().name())) {
                r[2] += " (outdated)";
            }
            rows.add(r);
        }
        return columns(rows, "") + (outdated.isEmpty() ? "" : "(outdated: made from other settings or another ccy; ccy upgrade renders it anew)\n");
    }

    /** The same columns, numbered from 1, for attach --pick. */
    static String numbered(List<SessionStatus> listed) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "SESSION", "ALIAS", "STATE", "ACTIVITY", "PROJECT", "BRANCH", "CLIENTS", "AGE", "WORKTREE"});
        for (int i = 0; i < listed.size(); i++) {
            String[] r = row(listed.get(i));
            String[] n = new String[r.length + 1];
            n[0] = String.valueOf(i + 1);
            System.arraycopy(r, 0, n, 1, r.length);
            rows.add(n);
        }
        return columns(rows, "  ");
    }

    private static String[] row(SessionStatus st) {
        String state = st.status() + (st.unit().failure().isEmpty() ? "" : " (" + st.unit().failure() + ")")
                + (st.ephemeral() ? " (ephemeral)" : "");
        return new String[] {st.session().name().name(), dash(st.session().alias()), state, activity(st), st.session().project(),
                dash(st.session().branch()), st.clients().map(String::valueOf).orElse("-"),
                st.age().map(Durations::format).orElse("-"), st.session().worktree()};
    }

    /** {@code waiting 4m}: the activity and how long it has been going on. */
    static String activity(SessionStatus st) {
        dev.ccy.session.Activity a = st.activity();
        return a.name() + a.since().map(t -> " " + Durations.format(age(t, st.now()))).orElse("");
    }

    private static java.time.Duration age(java.time.Instant t, java.time.Instant now) {
        java.time.Duration d = java.time.Duration.between(t, now);
        return d.isNegative() ? java.time.Duration.ZERO : d;
    }

    private static String dash(String s) {
        return s.isEmpty() ? "-" : s;
    }

    private static String columns(List<String[]> rows, String indent) {
        int[] width = new int[rows.get(0).length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < r.length; i++) {
                line.append(i < r.length - 1 ? String.format("%-" + width[i] + "s  ", r[i]) : r[i]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** Field names are documented in README.md; keep them stable. */
    static String json(List<SessionStatus> listed) {
        return json(listed, java.util.Set.of());
    }

    static String json(List<SessionStatus> listed, java.util.Set<String> outdated) {
        if (listed.isEmpty()) {
            return "[]\n"; // Jackson's pretty printer would write "[ ]"
        }
        return Json.write(true, g -> {
            g.writeStartArray();
            for (SessionStatus st : listed) {
                g.writeStartObject();
                fields(g, st);
                g.writeBooleanField("outdated", outdated.contains(st.session().name().name()));
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** The fields of one session in ccy list --json, which ccy status --json starts with. */
    static void fields(com.fasterxml.jackson.core.JsonGenerator g, SessionStatus st) throws java.io.IOException {
        g.writeStringField("session", st.session().name().name());
        g.writeStringField("unit", st.session().name().unit());
        Json.text(g, "alias", st.session().alias());
        g.writeStringField("status", st.status());
        g.writeStringField("state", st.unit().activeState());
        g.writeStringField("substate", st.unit().subState());
        Json.text(g, "failure", st.unit().failure());
        g.writeStringField("project", st.session().project());
        g.writeStringField("branch", st.session().branch());
        g.writeStringField("worktree", st.session().worktree());
        g.writeStringField("image", st.session().image());
        g.writeFieldName("clients");
        if (st.clients().isPresent()) {
            g.writeNumber(st.clients().get());
        } else {
            g.writeNull();
        }
        g.writeBooleanField("ephemeral", st.ephemeral());
        Json.time(g, "created", st.created());
        Json.time(g, "since", st.since());
        g.writeFieldName("age_seconds");
        if (st.age().isPresent()) {
            g.writeNumber(st.age().get().getSeconds());
        } else {
            g.writeNull();
        }
        Json.time(g, "last_used", st.lastUsed());
        dev.ccy.session.Activity a = st.activity();
        g.writeStringField("activity", a.name());
        Json.time(g, "activity_since", a.since());
        Json.text(g, "activity_message", a.message());
    }
}
