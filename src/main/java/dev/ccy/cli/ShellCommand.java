package dev.ccy.cli;

import dev.ccy.CcyException;
import dev.ccy.session.store.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "shell",
        description = {"Open another shell in a session's container, in /workspace.",
                "The shell runs beside tmux: the agent's window is not touched. A stopped session is started first; exit"
                        + " leaves the shell only."})
final class ShellCommand extends CcyCommand {

    @Mixin
    HelpOption help;

    @Mixin
    SessionArg session;

    @Override
    public Integer call() {
        Session s = session.resolve(sessions());
        if (System.console() == null) {
            throw new CcyException("shell needs a terminal: run it in one (stdin and stdout are not a terminal here)");
        }
        return sessions().shell(s);
    }
}
