package dev.ccy.cli;

import dev.ccy.session.store.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "persist",
        description = "Make an ephemeral session (ccy new --ephemeral) an ordinary one: its end no longer removes it.")
final class PersistCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    SessionArg session;

    @Override
    public Integer call() {
        Session s = main.sessions().store().get(session.name);
        if (!main.sessions().persist(s)) {
            spec.commandLine().getErr().println("ccy: " + s.name() + " is not ephemeral; nothing to do");
        }
        spec.commandLine().getOut().println(s.name());
        return 0;
    }
}
