package dev.ccy.cli;

import dev.ccy.session.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "capture", mixinStandardHelpOptions = true,
        description = "Print the screen of a session's agent window as text, for scripts (tmux capture-pane).")
final class CaptureCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "SESSION", description = Main.SESSION_HELP)
    String name;

    @Option(names = "--history", description = "Include the scrollback, not only the visible screen")
    boolean history;

    @Option(names = {"-e", "--escapes"}, description = "Keep colours and attributes as terminal escape sequences")
    boolean escapes;

    @Override
    public Integer call() {
        Session session = main.sessions().store().get(name);
        System.out.print(main.sessions().capture(session, history, escapes));
        return 0;
    }
}
