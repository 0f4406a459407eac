package dev.ccy.cli;

import dev.ccy.CcyException;
import dev.ccy.session.store.Session;
import java.io.Console;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rm",
        description = {"Remove sessions with their state.",
                "Each session is stopped, its unit file deleted, systemd reloaded and its state directory deleted; the agent's"
                        + " HOME (its conversations) is kept first, for ccy new --resume, for as long as conversations.keep says"
                        + " (default 30d; ccy prune removes older ones), unless --purge. The worktree is not touched, unless ccy new --worktree made it and no"
                        + " other session works in it: then it is removed too (git worktree remove), only without uncommitted"
                        + " changes unless --force, and its branch and commits are always kept. rm --all asks first on a terminal;"
                        + " elsewhere it needs --yes. Prints the name of each session it removed."})
final class RmCommand extends CcyCommand {


    @Mixin
    HelpOption help;

    @Mixin
    SessionSelection selection;

    @Option(names = "--keep-state", description = "Keep the state directory (ccy prune removes it later).")
    boolean keepState;

    @Option(names = "--purge", description = "Keep nothing: not the agent's HOME and conversations either.")
    boolean purge;

    @Option(names = "--force",
            description = "Remove a worktree ccy made even with uncommitted changes, discarding them (its branch stays).")
    boolean force;

    @Option(names = {"-y", "--yes"}, description = "Do not ask before removing every session with --all.")
    boolean yes;

    @Override
    public Integer call() {
        PrintWriter out = out();
        PrintWriter err = err();
        if (purge && keepState) {
            throw CcyException.usage("--purge keeps nothing and --keep-state keeps the state directory: choose one");
        }
        List<Session> sessions = selection.resolve(sessions(), st -> true);
        if (selection.all && !yes && !sessions.isEmpty()) {
            confirm(sessions);
        }
        return SessionSelection.each(sessions, err, s -> {
            sessions().remove(s, keepState, force, purge);
            if (keepState && s.state() != null) {
                err.println("ccy: kept " + s.state());
                err.flush();
            }
            out.println(s.name());
            out.flush();
        });
    }

    private static void confirm(List<Session> sessions) {
        Console console = System.console();
        if (console == null) {
            throw CcyException.usage("rm --all removes " + sessions.size() + " sessions with their state: add --yes to do"
                    + " that without a terminal to ask on");
        }
        console.writer().println("This removes " + sessions.size() + " sessions with their state directories:");
        sessions.forEach(s -> console.writer().println("  " + s.displayName()));
        String answer = console.readLine("Remove them all? [y/N] ");
        if (answer == null || !answer.strip().toLowerCase(java.util.Locale.ROOT).matches("y|yes")) {
            throw new CcyException("nothing removed");
        }
    }
}
