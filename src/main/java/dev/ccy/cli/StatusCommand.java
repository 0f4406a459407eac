package dev.ccy.cli;

import dev.ccy.Durations;
import dev.ccy.session.MadeWorktrees;
import dev.ccy.session.store.Session;
import dev.ccy.session.SessionDetails;
import dev.ccy.session.SessionStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status",
        description = {"Show one session in full.",
                "Its unit and container state, image, mounts, secrets (by name), attached clients, since when it is up or"
                        + " down, for a worktree ccy new --worktree made its branch's commits ahead of the base and uncommitted files, its agent and resume commands, and whether a restart would pick up a changed unit"
                        + " file or a rebuilt image."})
final class StatusCommand extends CcyCommand {


    @Mixin
    HelpOption help;

    @Mixin
    SessionArg session;

    @Option(names = "--json", description = "One JSON object: the fields of ccy list --json and more (see README).")
    boolean json;

    @Override
    public Integer call() {
        Session s = session.resolve(sessions());
        SessionStatus st = sessions().list(true).stream().filter(x -> x.session().name().equals(s.name())).findFirst()
                .orElseThrow(() -> dev.ccy.CcyException.noSession("no session " + s.name()));
        SessionDetails d = SessionDetails.of(st, sessions().podman(), services.runtime());
        Optional<MadeWorktrees.Summary> wt = sessions().worktreeSummary(s);
        out().print(json ? json(d, wt) : text(d, wt));
        return ok();
    }

    static String text(SessionDetails d) {
        return text(d, Optional.empty());
    }

    static String text(SessionDetails d, Optional<MadeWorktrees.Summary> wt) {
        SessionStatus st = d.status();
        Session s = st.session();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"session", s.displayName()});
        rows.add(new String[] {"unit", s.name().unit() + " (" + st.unit().loadState() + ", " + st.unit().activeState() + "/"
                + st.unit().subState() + ")"});
        rows.add(new String[] {"status", st.status() + (st.ephemeral() ? " (ephemeral)" : "")
                + st.since().map(t -> " since " + time(t) + st.age().map(a -> " (" + Durations.format(a) + ")").orElse("")).orElse("")});
        dev.ccy.session.Activity a = st.activity();
        rows.add(new String[] {"activity", SessionTable.activity(st) + a.since().map(t -> " (since " + time(t) + ")").orElse("")
                + (a.message().isEmpty() ? "" : ": " + a.message())});
        rows.add(new String[] {"container", d.container().map(c -> c.status() + ", started " + c.startedAt()).orElse("none")});
        rows.add(new String[] {"clients", st.clients().map(String::valueOf).orElse("-")});
        rows.add(new String[] {"project", s.project() + (s.branch().isEmpty() ? "" : " (" + s.branch() + ")")});
        rows.add(new String[] {"worktree", s.worktree() + (wt.isPresent() ? " (made by ccy new --worktree)" : "")});
        wt.ifPresent(w -> rows.add(new String[] {"branch", w.text()}));
        rows.add(new String[] {"image", s.image()});
        for (SessionDetails.Mount m : d.mounts()) {
            rows.add(new String[] {"mount", m.source() + " -> " + m.destination() + (m.options().isEmpty() ? "" : " (" + m.options() + ")")});
        }
        rows.add(new String[] {"secrets", d.secrets().isEmpty() ? "-" : String.join(", ", d.secrets())});
        rows.add(new String[] {"agent", String.join(" ", d.agentCommand())});
        rows.add(new String[] {"resume", d.resumeCommand().isEmpty() ? "-" : d.resumeCommand()});
        rows.add(new String[] {"created", st.created().map(StatusCommand::time).orElse("-")});
        rows.add(new String[] {"last used", st.lastUsed().map(StatusCommand::time).orElse("-")});
        rows.add(new String[] {"file", s.file().toString()});
        rows.add(new String[] {"state", s.state() == null ? "-" : s.state().toString()});
        if (d.pendingUpgrades().isEmpty()) {
            rows.add(new String[] {"upgrade", "none pending"});
        } else {
            d.pendingUpgrades().forEach(p -> rows.add(new String[] {"upgrade", p}));
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            out.append(String.format("%-10s %s%n", r[0] + ":", r[1]));
        }
        return out.toString();
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Field names are documented in README.md; keep them stable. */
    static String json(SessionDetails d) {
        return json(d, Optional.empty());
    }

    static String json(SessionDetails d, Optional<MadeWorktrees.Summary> wt) {
        return Json.write(g -> {
            g.writeStartObject();
            SessionTable.fields(g, d.status());
            g.writeStringField("load_state", d.status().unit().loadState());
            g.writeStringField("file", d.status().session().file().toString());
            Json.text(g, "state_dir", d.status().session().state() == null ? null : d.status().session().state().toString());
            Optional<dev.ccy.podman.Podman.Container> c = d.container();
            if (c.isPresent()) {
                g.writeObjectFieldStart("container");
                g.writeStringField("status", c.get().status());
                g.writeStringField("started", c.get().startedAt());
                g.writeStringField("image_id", c.get().imageId());
                g.writeEndObject();
            } else {
                g.writeNullField("container");
            }
            g.writeArrayFieldStart("mounts");
            for (SessionDetails.Mount m : d.mounts()) {
                g.writeStartObject();
                g.writeStringField("source", m.source());
                g.writeStringField("destination", m.destination());
                g.writeStringField("options", m.options());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("secrets");
            for (String secret : d.secrets()) {
                g.writeString(secret);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("agent_command");
            for (String w : d.agentCommand()) {
                g.writeString(w);
            }
            g.writeEndArray();
            Json.text(g, "resume_command", d.resumeCommand());
            g.writeBooleanField("upgrade_pending", !d.pendingUpgrades().isEmpty());
            g.writeArrayFieldStart("pending");
            for (String p : d.pendingUpgrades()) {
                g.writeString(p);
            }
            g.writeEndArray();
            if (wt.isPresent()) {
                g.writeObjectFieldStart("made_worktree");
                g.writeStringField("branch", wt.get().branch());
                g.writeStringField("base", wt.get().base());
                g.writeNumberField("ahead", wt.get().ahead());
                g.writeNumberField("uncommitted", wt.get().uncommitted());
                g.writeBooleanField("present", wt.get().present());
                g.writeEndObject();
            } else {
                g.writeNullField("made_worktree");
            }
            g.writeEndObject();
        });
    }
}
