package dev.ccy.cli;

import dev.ccy.session.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop a session: its container ends, its file stays, and 'ccy start' brings it back.")
final class StopCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "SESSION", description = "ccy-<project>-<n>, <project>-<n> or the unit name")
    String name;

    @Override
    public Integer call() {
        Session session = main.sessions().store().get(name);
        main.sessions().stop(session);
        System.out.println(session.name());
        return 0;
    }
}
