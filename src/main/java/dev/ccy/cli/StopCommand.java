package dev.ccy.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "stop",
        description = {"Stop sessions: each container ends and its file stays.",
                "A stopped session stays stopped, across reboots too, until ccy start or ccy brings it back. An ephemeral"
                        + " session is removed instead. With --all, every running session is stopped. Prints the name"
                        + " of each session it stopped."})
final class StopCommand extends CcyCommand {


    @Mixin
    HelpOption help;

    @Mixin
    SessionSelection selection;

    @Override
    public Integer call() {
        PrintWriter out = out();
        PrintWriter err = err();
        return SessionSelection.each(selection.resolve(sessions(), st -> st.running()), err, s -> {
            if (sessions().stop(s)) {
                err.println("ccy: " + s.name() + " was ephemeral: it is removed");
                err.flush();
            }
            out.println(s.name());
            out.flush();
        });
    }
}
