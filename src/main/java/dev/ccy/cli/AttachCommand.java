package dev.ccy.cli;

import dev.ccy.CcyException;
import dev.ccy.session.Session;
import dev.ccy.session.Sessions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Attach this terminal to a session's tmux (podman exec -it <container> tmux attach -t main).",
                "A stopped session is started first. Detach with tmux's prefix + d; the session keeps running."})
final class AttachCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "SESSION", arity = "0..1",
            description = "ccy-<project>-<n>, <project>-<n> or the unit name (default: the current worktree's session)")
    String name;

    @Override
    public Integer call() {
        Sessions sessions = main.sessions();
        Session session = name != null ? sessions.store().get(name) : current(sessions);
        if (System.console() == null) {
            throw new CcyException("attach needs a terminal: run it in one (stdin and stdout are not a terminal here)");
        }
        return sessions.attach(session);
    }

    private static Session current(Sessions sessions) {
        List<Session> mine = sessions.ofWorktree(Path.of(""));
        if (mine.isEmpty()) {
            throw new CcyException("no session for this worktree: start one with 'ccy new'", 3);
        }
        if (mine.size() > 1) {
            System.err.println("ccy: this worktree has " + mine.size() + " sessions; attaching to " + mine.get(0).name()
                    + " (name one to choose: ccy attach SESSION)");
        }
        return mine.get(0);
    }
}
