package dev.ccy.cli;

import dev.ccy.session.store.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "capture",
        description = "Print the screen of a session's agent window as text, for scripts (tmux capture-pane).")
final class CaptureCommand extends CcyCommand {


    @Mixin
    HelpOption help;

    @Mixin
    SessionArg session;

    @Option(names = "--history", description = "Include the scrollback, not only the visible screen.")
    boolean history;

    @Option(names = {"-e", "--escapes"}, description = "Keep colours and attributes as terminal escape sequences.")
    boolean escapes;

    @Override
    public Integer call() {
        Session s = session.resolve(sessions());
        out().print(sessions().capture(s, history, escapes));
        return ok();
    }
}
