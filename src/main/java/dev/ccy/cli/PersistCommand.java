package dev.ccy.cli;

import dev.ccy.session.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "persist", mixinStandardHelpOptions = true,
        description = "Make an ephemeral session (ccy new --ephemeral) an ordinary one: its end no longer removes it.")
final class PersistCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "SESSION", description = Main.SESSION_HELP)
    String name;

    @Override
    public Integer call() {
        Session session = main.sessions().store().get(name);
        if (!main.sessions().persist(session)) {
            System.err.println("ccy: " + session.name() + " is not ephemeral; nothing to do");
        }
        System.out.println(session.name());
        return 0;
    }
}
