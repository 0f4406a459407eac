package dev.ccy.cli;

import dev.ccy.session.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stop a session: its container ends and its file stays. It stays stopped, across reboots too,",
                "until 'ccy start' or 'ccy' brings it back. An ephemeral session is removed instead."})
final class StopCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "SESSION", description = Main.SESSION_HELP)
    String name;

    @Override
    public Integer call() {
        Session session = main.sessions().store().get(name);
        if (main.sessions().stop(session)) {
            System.err.println("ccy: " + session.name() + " was ephemeral: it is removed");
        }
        System.out.println(session.name());
        return 0;
    }
}
