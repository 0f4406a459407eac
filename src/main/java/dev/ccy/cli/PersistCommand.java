package dev.ccy.cli;

import dev.ccy.session.store.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "persist",
        description = "Make an ephemeral session (ccy new --ephemeral) an ordinary one: its end no longer removes it.")
final class PersistCommand extends CcyCommand {


    @Mixin
    HelpOption help;

    @Mixin
    SessionArg session;

    @Override
    public Integer call() {
        Session s = session.resolve(sessions());
        if (!sessions().persist(s)) {
            err().println("ccy: " + s.name() + " is not ephemeral; nothing to do");
        }
        out().println(s.name());
        return ok();
    }
}
