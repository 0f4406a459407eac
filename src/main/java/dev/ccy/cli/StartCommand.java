package dev.ccy.cli;

import dev.ccy.session.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start a stopped session and wait until its tmux answers; the agent resumes.",
                "A session ended with exit or ccy stop starts again at boot only after this."})
final class StartCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "SESSION", description = Main.SESSION_HELP)
    String name;

    @Override
    public Integer call() {
        Session session = main.sessions().store().get(name);
        main.sessions().start(session);
        System.out.println(session.name());
        return 0;
    }
}
