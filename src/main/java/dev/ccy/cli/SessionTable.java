package dev.ccy.cli;

import dev.ccy.session.Durations;
import dev.ccy.session.SessionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        rows.add(new String[] {"SESSION", "ALIAS", "STATE", "PROJECT", "BRANCH", "CLIENTS", "AGE", "WORKTREE"});
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
        rows.add(new String[] {"#", "SESSION", "ALIAS", "STATE", "PROJECT", "BRANCH", "CLIENTS", "AGE", "WORKTREE"});
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
        String state = st.status() + (st.ephemeral() ? " (ephemeral)" : "");
        return new String[] {st.session().name().name(), dash(st.session().alias()), state, st.session().project(),
                dash(st.session().branch()), st.clients().map(String::valueOf).orElse("-"),
                st.age().map(Durations::format).orElse("-"), st.session().worktree()};
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
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < listed.size(); i++) {
            SessionStatus st = listed.get(i);
            out.append(i == 0 ? "\n  {" : ",\n  {")
                    .append(field("session", st.session().name().name())).append(", ")
                    .append(field("unit", st.session().name().unit())).append(", ")
                    .append(field("alias", st.session().alias().isEmpty() ? null : st.session().alias())).append(", ")
                    .append(field("status", st.status())).append(", ")
                    .append(field("state", st.unit().activeState())).append(", ")
                    .append(field("substate", st.unit().subState())).append(", ")
                    .append(field("project", st.session().project())).append(", ")
                    .append(field("branch", st.session().branch())).append(", ")
                    .append(field("worktree", st.session().worktree())).append(", ")
                    .append(field("image", st.session().image())).append(", ")
                    .append(quote("clients")).append(": ").append(st.clients().map(String::valueOf).orElse("null")).append(", ")
                    .append(quote("ephemeral")).append(": ").append(st.ephemeral()).append(", ")
                    .append(field("created", time(st.created()))).append(", ")
                    .append(field("since", time(st.since()))).append(", ")
                    .append(quote("age_seconds")).append(": ").append(st.age().map(d -> String.valueOf(d.getSeconds())).orElse("null"))
                    .append(", ")
                    .append(field("last_used", time(st.lastUsed()))).append(", ")
                    .append(quote("outdated")).append(": ").append(outdated.contains(st.session().name().name())).append('}');
        }
        return out.append(listed.isEmpty() ? "]\n" : "\n]\n").toString();
    }

    private static String time(Optional<Instant> t) {
        return t.map(i -> i.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()).orElse(null);
    }

    private static String field(String name, String value) {
        return quote(name) + ": " + (value == null ? "null" : quote(value));
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
