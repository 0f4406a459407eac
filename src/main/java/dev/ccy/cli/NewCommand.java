package dev.ccy.cli;

import dev.ccy.session.Session;
import dev.ccy.session.Sessions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "new", mixinStandardHelpOptions = true,
        description = {"Create a session for the current worktree, start it and attach to it.",
                "Writes ~/.config/containers/systemd/ccy-<project>-<n>.container, reloads systemd, enables linger,",
                "starts the unit and waits until tmux in the container answers. Prints the session name."})
final class NewCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    AgentOptions agent;

    @Option(names = {"-d", "--detach"}, description = "Do not attach; leave the session running in the background")
    boolean detach;

    @Override
    public Integer call() {
        Sessions sessions = main.sessions();
        Session session = sessions.create(Path.of(""), agent.image(sessions.defaultImage()), agent.agent());
        System.out.println(session.name());
        if (detach) {
            return 0;
        }
        if (System.console() == null) {
            System.err.println("ccy: " + session.name() + " is running; not attaching, this is not a terminal"
                    + " (attach from one with: ccy attach " + session.name() + ")");
            return 0;
        }
        return sessions.attach(session);
    }
}
