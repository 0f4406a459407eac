package dev.ccy.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "start",
        description = {"Start stopped sessions and wait until their tmux answers; the agent resumes.",
                "A session ended with exit or ccy stop starts again at boot only after this. With --all, every stopped"
                        + " or failed session is started. Prints the name of each session it started."})
final class StartCommand extends CcyCommand {


    @Mixin
    HelpOption help;

    @Mixin
    SessionSelection selection;

    @Override
    public Integer call() {
        PrintWriter out = out();
        return SessionSelection.each(selection.resolve(sessions(), st -> !st.running()), err(), s -> {
            sessions().start(s);
            out.println(s.name());
            out.flush();
        });
    }
}
