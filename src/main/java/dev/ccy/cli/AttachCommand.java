package dev.ccy.cli;

import dev.ccy.CcyException;
import dev.ccy.session.store.Session;
import dev.ccy.session.SessionStatus;
import dev.ccy.session.Sessions;
import dev.ccy.session.store.Worktree;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "attach",
        description = {"Attach this terminal to a session's tmux.",
                "This runs podman exec -it <container> tmux attach -t main; a stopped session is started first. Several"
                        + " terminals may attach at once and see the same screen. Detach with tmux's prefix + d (Ctrl-b d);"
                        + " closing the terminal detaches too. The session keeps running."})
final class AttachCommand extends CcyCommand {

    @picocli.CommandLine.Mixin
    HelpOption help;

    @Parameters(paramLabel = "SESSION", arity = "0..1", completionCandidates = SessionCandidates.class,
            description = SessionArg.DESCRIPTION + " Default: this worktree's most recently used session.")
    String name;

    @Option(names = "--pick", description = "List this worktree's sessions (all sessions outside one) and ask which.")
    boolean pick;

    @Option(names = {"-r", "--read-only"}, description = "Watch without typing (a tmux read-only client).")
    boolean readOnly;

    @Option(names = {"-x", "--exclusive"}, description = "Detach every other client of this session first.")
    boolean exclusive;

    @Override
    public Integer call() {
        Sessions sessions = sessions();
        if (pick && name != null) {
            throw CcyException.usage("give either SESSION or --pick, not both");
        }
        Session named = name != null ? sessions.store().get(name) : null;
        if (System.console() == null) {
            throw new CcyException("attach needs a terminal: run it in one (stdin and stdout are not a terminal here)");
        }
        Session session = named != null ? named : pick ? pick(sessions) : current(sessions);
        return sessions.attach(session, readOnly, exclusive);
    }

    private Session current(Sessions sessions) {
        List<Session> mine = sessions.ofWorktree(Worktree.of(Path.of("")));
        if (mine.isEmpty()) {
            throw CcyException.noSession("no session for this worktree: start one with 'ccy' or 'ccy new'");
        }
        if (mine.size() > 1) {
            err().println("ccy: attaching to " + mine.get(0).displayName() + ", the most recently used of " + mine.size()
                    + " sessions of this worktree (choose with: ccy attach --pick)");
        }
        return mine.get(0);
    }

    /** Numbered list on the terminal, most recently used first, and a prompt. */
    private static Session pick(Sessions sessions) {
        List<Session> mine = sessions.ofWorktree(Worktree.of(Path.of("")));
        List<SessionStatus> all = sessions.list(true);
        List<SessionStatus> choices = mine.isEmpty() ? all
                : mine.stream().map(s -> all.stream().filter(st -> st.session().name().equals(s.name())).findFirst().orElseThrow()).toList();
        if (choices.isEmpty()) {
            throw CcyException.noSession("there are no sessions: start one with 'ccy' or 'ccy new'");
        }
        java.io.Console console = System.console();
        console.writer().println(mine.isEmpty() ? "Sessions:" : "Sessions of this worktree, most recently used first:");
        console.writer().print(SessionTable.numbered(choices));
        String answer = console.readLine("Attach to which [1-%d, Enter for 1]: ", choices.size());
        if (answer == null) {
            throw new CcyException("no session chosen");
        }
        answer = answer.strip();
        if (answer.isEmpty()) {
            return choices.get(0).session();
        }
        try {
            int n = Integer.parseInt(answer);
            if (n >= 1 && n <= choices.size()) {
                return choices.get(n - 1).session();
            }
        } catch (NumberFormatException e) {
            // a name instead of a number
            return sessions.store().get(answer);
        }
        throw CcyException.usage("'" + answer + "' is not one of 1-" + choices.size());
    }
}
