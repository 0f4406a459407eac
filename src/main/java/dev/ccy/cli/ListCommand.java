package dev.ccy.cli;

import dev.ccy.session.store.Session;
import dev.ccy.session.Sessions;
import dev.ccy.session.SessionStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", aliases = "ls",
        description = {"List this user's running and failed sessions.",
                "Columns: session, alias, state, activity (what the agent does, and for how long), project, branch, attached clients, uptime or time since stopping, worktree."
                        + " One call to systemd, none to podman; list --all -q reads only the session files."})
final class ListCommand extends CcyCommand {


    @Mixin
    HelpOption help;

    @Option(names = {"-a", "--all"}, description = "Also the stopped sessions.")
    boolean all;

    @Option(names = "--json", description = "One JSON array, an object per session (fields: see README).")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "Only the session names, one a line.")
    boolean quiet;

    @Option(names = "--filter", paramLabel = "KEY=VALUE", completionCandidates = FilterCandidates.class,
            description = "Only sessions whose KEY is VALUE; KEY is state (running, starting, stopping, stopped, failed),"
                    + " activity (starting, working, waiting, idle, exited, unknown), project, alias, branch or worktree. Repeat it: values of one key are alternatives, different keys"
                    + " must all match. A state or activity filter looks at stopped sessions too.")
    List<String> filters = new ArrayList<>();

    /** For the completion script: names, short names and aliases, one a line (see completionWords). */
    @Option(names = "--aliases", hidden = true)
    boolean aliases;

    @Override
    public Integer call() {
        SessionFilter filter = SessionFilter.parse(filters);
        PrintWriter out = out();
        if (quiet && all && !filter.needsState()) {
            // names only: the session files say all there is, no call to systemd (tab completion waits on this)
            List<Session> listed = sessions().store().list().stream().filter(filter::matches).toList();
            (aliases ? completionWords(listed) : listed.stream().map(s -> s.name().name()).toList()).forEach(out::println);
            return ok();
        }
        Sessions sessions = sessions();
        // D-Bus connects while the unit files and settings are read
        sessions.connectAhead();
        List<Session> known = sessions.store().list();
        // a unit that would render differently now is marked (ccy upgrade)
        java.util.Set<String> outdated = new java.util.HashSet<>();
        if (!quiet) {
            for (Session s : known) {
                if (sessions.outdated(s)) {
                    outdated.add(s.name().name());
                }
            }
        }
        List<SessionStatus> listed = sessions.list(known, all || filter.needsState()).stream().filter(filter::matches).toList();
        if (quiet) {
            listed.forEach(st -> out.println(st.session().name()));
        } else {
            out.print(json ? SessionTable.json(listed, outdated) : SessionTable.text(listed, outdated));
        }
        return ok();
    }

    /** What --filter completes to: the states in full, the other keys up to their '='. */
    /**
     * What completing a SESSION offers: each name, its short name unless that is another
     * session's full name (ccy-tools-1 of ccy-tools/ and of tools/: offering it would complete
     * to an ambiguous name), and its alias.
     */
    static List<String> completionWords(List<Session> sessions) {
        java.util.Set<String> full = new java.util.HashSet<>();
        sessions.forEach(s -> full.add(s.name().name()));
        List<String> words = new java.util.ArrayList<>();
        for (Session s : sessions) {
            words.add(s.name().name());
            if (!full.contains(s.name().shortName())) {
                words.add(s.name().shortName());
            }
            if (!s.alias().isEmpty()) {
                words.add(s.alias());
            }
        }
        return words;
    }

    static final class FilterCandidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            List<String> c = new ArrayList<>();
            SessionFilter.STATES.forEach(s -> c.add("state=" + s));
            dev.ccy.session.Activity.NAMES.forEach(s -> c.add("activity=" + s));
            SessionFilter.KEYS.stream().filter(k -> !k.equals("state") && !k.equals("activity")).forEach(k -> c.add(k + "="));
            return c.iterator();
        }
    }
}
