package dev.ccy.cli;

import dev.ccy.session.Sessions;
import java.util.ArrayList;
import java.util.List;

/** How {@code ccy list} shows sessions: aligned columns for people, JSON for scripts. */
final class SessionTable {
    private SessionTable() {
    }

    static String text(List<Sessions.Listed> listed) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SESSION", "STATE", "PROJECT", "BRANCH", "WORKTREE"});
        for (Sessions.Listed l : listed) {
            rows.add(new String[] {l.session().name().name(), l.state().display(), l.session().project(),
                    l.session().branch().isEmpty() ? "-" : l.session().branch(), l.session().worktree()});
        }
        int[] width = new int[5];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i < r.length - 1 ? String.format("%-" + width[i] + "s  ", r[i]) : r[i]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    static String json(List<Sessions.Listed> listed) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < listed.size(); i++) {
            Sessions.Listed l = listed.get(i);
            out.append(i == 0 ? "\n  {" : ",\n  {")
                    .append(field("session", l.session().name().name())).append(", ")
                    .append(field("unit", l.session().name().unit())).append(", ")
                    .append(field("state", l.state().activeState())).append(", ")
                    .append(field("substate", l.state().subState())).append(", ")
                    .append(field("project", l.session().project())).append(", ")
                    .append(field("branch", l.session().branch())).append(", ")
                    .append(field("worktree", l.session().worktree())).append(", ")
                    .append(field("image", l.session().image())).append('}');
        }
        return out.append(listed.isEmpty() ? "]\n" : "\n]\n").toString();
    }

    private static String field(String name, String value) {
        return quote(name) + ": " + quote(value);
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
