package dev.ccy.cli;

import dev.ccy.Exit;

import dev.ccy.CcyException;
import dev.ccy.session.store.Session;
import dev.ccy.session.SessionStatus;
import dev.ccy.session.Sessions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Several SESSIONs, or {@code --all}: what start, stop and rm act on. */
public final class SessionSelection {
    @Parameters(paramLabel = "SESSION", arity = "0..*", description = SessionArg.DESCRIPTION + " Several may be given.",
            completionCandidates = SessionCandidates.class)
    List<String> names = new ArrayList<>();

    @Option(names = {"-a", "--all"}, description = "Every session this command applies to, instead of naming them.")
    boolean all;

    /**
     * The named sessions, each once, every name resolved before anything is done (so a typo acts on
     * nothing); with {@code --all}, every session that {@code applies} to.
     */
    List<Session> resolve(Sessions sessions, Predicate<SessionStatus> applies) {
        if (all && !names.isEmpty()) {
            throw CcyException.usage("give either SESSION names or --all, not both");
        }
        if (!all && names.isEmpty()) {
            throw CcyException.usage("name at least one SESSION, or give --all");
        }
        if (all) {
            return sessions.list(true).stream().filter(applies).map(SessionStatus::session).toList();
        }
        return names.stream().map(n -> sessions.store().get(n)).distinct().toList();
    }

    /**
     * Runs {@code action} on each session in turn; one that fails is reported on its own line and
     * the others still get their turn. Returns the exit code of the first failure, or 0.
     */
    static int each(List<Session> sessions, java.io.PrintWriter err, java.util.function.Consumer<Session> action) {
        int exit = Exit.OK.code();
        for (Session s : sessions) {
            try {
                action.accept(s);
            } catch (CcyException e) {
                err.println("ccy: " + e.getMessage());
                err.flush();
                exit = exit == Exit.OK.code() ? e.exitCode() : exit;
            }
        }
        return exit;
    }
}
