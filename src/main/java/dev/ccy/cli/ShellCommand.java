package dev.ccy.cli;

import dev.ccy.CcyException;
import dev.ccy.session.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Open a separate shell in a session's container, in /workspace, beside tmux: the agent's",
                "window is not touched. A stopped session is started first. exit leaves the shell only."})
final class ShellCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "SESSION", description = Main.SESSION_HELP)
    String name;

    @Override
    public Integer call() {
        Session session = main.sessions().store().get(name);
        if (System.console() == null) {
            throw new CcyException("shell needs a terminal: run it in one (stdin and stdout are not a terminal here)");
        }
        return main.sessions().shell(session);
    }
}
