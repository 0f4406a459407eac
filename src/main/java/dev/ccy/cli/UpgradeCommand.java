package dev.ccy.cli;


import dev.ccy.CcyException;
import dev.ccy.session.store.Session;
import dev.ccy.session.SessionUpgrader;
import dev.ccy.session.Sessions;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = {"Render sessions' units again from today's template and settings.",
                "Each session keeps its name, alias, state (conversations), agent and resume commands and the flags it was"
                        + " made with. A running session takes the new unit at its next start, or now with --restart. If the"
                        + " Quadlet generator rejects a new unit, the old one is put back."})
final class UpgradeCommand extends CcyCommand {

    @Mixin
    SessionSelection selection;

    @Option(names = "--dry-run", description = "Say which sessions would change; change nothing")
    boolean dryRun;

    @Option(names = "--restart", description = "Restart running sessions that changed, now")
    boolean restart;

    @Override
    public Integer call() {
        Sessions sessions = sessions();
        List<Session> targets = selection.resolve(sessions, st -> true);
        return SessionSelection.each(targets, err(), s -> {
            SessionUpgrader.Upgrade u;
            try {
                u = sessions.upgrade(s, dryRun, restart);
            } catch (CcyException e) {
                // several sessions' failures in a row: each line says whose
                throw new CcyException(s.displayName() + ": " + e.getMessage(), e.exit());
            }
            String what = !u.changed() ? "current" : dryRun ? "would upgrade" : u.restarted() ? "upgraded and restarted"
                    : "upgraded (takes effect at its next start; --restart for now)";
            out().println(s.displayName() + ": " + what);
        });
    }
}
