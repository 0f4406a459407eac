package dev.ccy.cli;

import dev.ccy.session.Sessions;
import dev.ccy.session.store.Session;
import picocli.CommandLine.Parameters;

/** The one SESSION a command acts on, named as everywhere in ccy. */
public final class SessionArg {
    static final String DESCRIPTION = "The session: ccy-<project>-<n>, <project>-<n>, its unit name or its alias.";

    @Parameters(index = "0", paramLabel = "SESSION", description = DESCRIPTION, completionCandidates = SessionCandidates.class)
    String name;

    /** The session it names (a one-line error, exit 2 or 3, if none or several). */
    Session resolve(Sessions sessions) {
        return sessions.store().get(name);
    }
}
